package web

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"modellportalen/internal/portal"
)

func day(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

func TestIndicatorChartTextAlternative(t *testing.T) {
	total := 50.0
	ind := portal.Indicator{ID: 7, Name: "Andel beviljade", Unit: "procent", Source: portal.SourceKolada, KoladaKPI: "N00945",
		Values: []portal.IndicatorValue{
			{MeasuredOn: day("2023-01-01"), Women: 40, Men: 60, Total: &total},
			{MeasuredOn: day("2024-01-01"), Women: 45.5, Men: 55},
			{MeasuredOn: day("2025-01-01"), Women: 49, Men: 51},
		}}
	sv := WithLocale(context.Background(), Locale{Lang: Swedish, Path: "/x"})
	en := WithLocale(context.Background(), Locale{Lang: English, Path: "/x"})
	for _, tc := range []struct {
		ctx  context.Context
		want []string
	}{
		{sv, []string{
			"Kvinnor: 40 % (2023-01-01), 45,5 % (2024-01-01), 49 % (2025-01-01).",
			"Män: 60 % (2023-01-01), 55 % (2024-01-01), 51 % (2025-01-01).",
			"Skillnaden mellan kvinnor och män var 20 % vid första mätningen och 2 % vid den senaste.",
		}},
		{en, []string{"Women: 40 % (2023-01-01)", "Men: 60 %", "The gap between women and men was 20 % at the first measurement and 2 % at the latest."}},
	} {
		got := chartDescription(tc.ctx, ind)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("description %q lacks %q", got, w)
			}
		}
	}

	var buf bytes.Buffer
	if err := indicatorChart(ind, "c").Render(sv, &buf); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, w := range []string{
		`role="img" aria-labelledby="c-title c-desc"`,
		`<title id="c-title">Diagram: Andel beviljade för kvinnor och män över tid</title>`,
		`<desc id="c-desc">Kvinnor: 40 %`,
		`<caption>Värden för Andel beviljade (procent)</caption>`,
		`<th scope="row">Utgångsläge</th>`, `<th scope="row">Uppföljning 2</th>`,
		`<td class="num">45,5</td>`, `<td class="num">50</td>`, `<td class="num">–</td>`,
		`class="series series-women"`, `class="series series-men"`,
		"Kvinnor: heldragen linje med runda punkter", "Män: streckad linje med fyrkantiga punkter",
	} {
		if !strings.Contains(html, w) {
			t.Errorf("chart lacks %s", w)
		}
	}
	// Women are drawn with circles, men with squares: never colour alone.
	if c, r := strings.Count(html, "<circle"), strings.Count(html, "<rect"); c != 4 || r != 4 {
		t.Errorf("%d circles and %d squares, want 3+1 of each (points and key)", c, r)
	}
}

func TestIndicatorChartLayout(t *testing.T) {
	one := portal.Indicator{Values: []portal.IndicatorValue{{MeasuredOn: day("2024-05-01"), Women: 3, Men: 7}}}
	c := buildIndicatorChart(one)
	if len(c.Series) != 2 || c.Series[0].Points[0].X != icLeft+icPlotW/2 {
		t.Errorf("one point not centred: %+v", c.Series)
	}
	if len(c.Series[0].Points) != 1 || c.Series[0].Path() == "" {
		t.Errorf("path %q", c.Series[0].Path())
	}
	// The value axis starts at zero and ends at a round number above the
	// largest value; negative values extend it below zero.
	if first, last := c.YTicks[0], c.YTicks[len(c.YTicks)-1]; first.Label != "0" || last.Label != "8" {
		t.Errorf("ticks %+v", c.YTicks)
	}
	neg := portal.Indicator{Values: []portal.IndicatorValue{{MeasuredOn: day("2024-01-01"), Women: -4, Men: 10},
		{MeasuredOn: day("2025-01-01"), Women: 2, Men: 12}}}
	c = buildIndicatorChart(neg)
	if c.YTicks[0].Label != "-5" {
		t.Errorf("negative ticks %+v", c.YTicks)
	}
	for _, s := range c.Series {
		for _, p := range s.Points {
			if p.Y < icTop-0.01 || p.Y > icTop+icPlotH+0.01 || p.X < icLeft || p.X > icW-icRight {
				t.Errorf("point %+v outside the plot", p)
			}
		}
	}
	// Many dates: labels thinned so they do not overlap.
	var many portal.Indicator
	for i := range 12 {
		many.Values = append(many.Values, portal.IndicatorValue{MeasuredOn: day("2020-01-01").AddDate(0, i, 0), Women: float64(i), Men: 1})
	}
	if n := len(buildIndicatorChart(many).XLabels); n > 5 {
		t.Errorf("%d date labels for 12 points", n)
	}
	if got := buildIndicatorChart(portal.Indicator{}); len(got.Series) != 0 {
		t.Errorf("chart of nothing: %+v", got)
	}
}
