package web

import (
	"context"
	"math"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
)

// StatisticsView is the statistics page's data.
type StatisticsView struct {
	Rounds   []portal.RoundSummary
	Counties []portal.CountyCount
	Repeats  []portal.RepeatOrganisation
	// Drawing, when set, is the content drawn ahead by DrawStatistics.
	Drawing templ.Component
}

// chartBar is one bar of the chart: which series, its value, where it lies.
// W is a percentage of the chart's width, so that the bars stretch to the
// page while the text keeps its size.
type chartBar struct {
	Series string // municipal, regional or mentors
	Value  int
	Y, W   float64
}

type chartRow struct {
	Round portal.Round
	Y     float64
	Bars  []chartBar
}

// The chart has no viewBox: it is as wide as the page (up to 40rem) and
// drawn one to one, each round's years above its bars, so that its text
// stays 13 px on a phone instead of shrinking with the drawing.
const (
	chartBarsPct = 88.0 // of the width for the longest bar; its value follows
	chartBarH    = 12.0
	chartBarsTop = 18.0 // from a row's top to its first bar, below the years
	chartRowH    = 87.0 // the years and four bars
)

func chartRows(rounds []portal.RoundSummary) []chartRow {
	most := 1
	for _, r := range rounds {
		most = max(most, r.Municipal, r.Regional, r.Mixed, r.Mentors)
	}
	var out []chartRow
	for i, r := range rounds {
		y := float64(i) * chartRowH
		row := chartRow{Round: r.Round, Y: y}
		for j, b := range []struct {
			s string
			v int
		}{{"municipal", r.Municipal}, {"regional", r.Regional}, {"mixed", r.Mixed}, {"mentors", r.Mentors}} {
			row.Bars = append(row.Bars, chartBar{Series: b.s, Value: b.v, Y: y + chartBarsTop + float64(j)*(chartBarH+3),
				W: math.Round(float64(b.v)/float64(most)*chartBarsPct*10) / 10})
		}
		out = append(out, row)
	}
	return out
}

func chartHeight(rounds []portal.RoundSummary) float64 { return float64(len(rounds))*chartRowH - 8 }

// countyRow is one county's participants per round.
type countyRow struct {
	Name   string
	Counts []int // in the order of the rounds
	Total  int
}

func countyRows(ctx context.Context, rounds []portal.RoundSummary, counts []portal.CountyCount) []countyRow {
	col := map[int64]int{}
	for i, r := range rounds {
		col[r.ID] = i
	}
	var out []countyRow
	idx := map[string]int{}
	for _, c := range counts {
		i, ok := idx[c.CountyCode]
		if !ok {
			name := c.CountyName
			if name == "" {
				name = t(ctx, "stats.nocounty")
			}
			i = len(out)
			idx[c.CountyCode] = i
			out = append(out, countyRow{Name: name, Counts: make([]int, len(rounds))})
		}
		out[i].Counts[col[c.RoundID]] += c.Participants
		out[i].Total += c.Participants
	}
	return out
}

func seriesName(ctx context.Context, s string) string {
	switch s {
	case "municipal":
		return t(ctx, "track.municipal")
	case "regional":
		return t(ctx, "track.regional")
	case "mixed":
		return t(ctx, "track.mixed")
	}
	return t(ctx, "col.mentors")
}

func partsText(ctx context.Context, ro portal.RepeatOrganisation) []string {
	var out []string
	for i, p := range ro.Parts {
		out = append(out, ro.Rounds[i].Years()+": "+roleLabel(ctx, p))
	}
	return out
}
