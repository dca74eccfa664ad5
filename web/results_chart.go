package web

import (
	"context"
	"math"
	"strings"
	"time"

	"modellportalen/internal/portal"
)

// An indicator chart: women and men over time as two lines, told apart by
// line style and marker shape as well as colour (solid with circles for
// women, dashed with squares for men), with a text alternative in the SVG's
// title and desc and a table of the same figures beside it.

const (
	icW, icH                 = 480.0, 220.0
	icLeft, icRight          = 56.0, 44.0
	icTop, icBottom          = 14.0, 34.0
	icPlotW, icPlotH         = icW - icLeft - icRight, icH - icTop - icBottom
	icTicks                  = 4
	icMarker                 = 4.5
	icSeriesWomen, icSeriesM = "women", "men"
)

// chartPoint is one marker: where it is and what it says.
type chartPoint struct {
	X, Y  float64
	Value float64
	Date  time.Time
}

// chartSeries is one line of the chart.
type chartSeries struct {
	Key    string // women or men
	Points []chartPoint
}

// Path is the polyline through the series' points.
func (s chartSeries) Path() string {
	var b strings.Builder
	for i, p := range s.Points {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(num(round2(p.X)) + "," + num(round2(p.Y)))
	}
	return b.String()
}

type chartTick struct {
	Y     float64
	Label string
}

type chartXLabel struct {
	X     float64
	Label string
}

// chartLayout is everything the SVG draws.
type chartLayout struct {
	Series  []chartSeries
	YTicks  []chartTick
	XLabels []chartXLabel
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// niceStep rounds a raw tick step up to 1, 2, 2.5 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// buildIndicatorChart lays the indicator's values out on the chart: time
// runs left to right in proportion to the dates, the value axis starts at
// zero (or below, for negative values) so differences are not exaggerated.
func buildIndicatorChart(ind portal.Indicator) chartLayout {
	var c chartLayout
	vals := ind.Values
	if len(vals) == 0 {
		return c
	}
	lo, hi := 0.0, 0.0
	for _, v := range vals {
		lo, hi = math.Min(lo, math.Min(v.Women, v.Men)), math.Max(hi, math.Max(v.Women, v.Men))
	}
	step := niceStep((hi - lo) / icTicks)
	lo = math.Floor(lo/step) * step
	top := math.Ceil(hi/step) * step
	if top <= lo {
		top = lo + step
	}
	y := func(v float64) float64 { return icTop + icPlotH - (v-lo)/(top-lo)*icPlotH }
	for t := lo; t <= top+step/2; t += step {
		c.YTicks = append(c.YTicks, chartTick{Y: round2(y(t)), Label: portal.FormatNumber(round2(t))})
	}
	first, last := vals[0].MeasuredOn, vals[len(vals)-1].MeasuredOn
	span := last.Sub(first).Hours()
	x := func(d time.Time) float64 {
		if span <= 0 {
			return icLeft + icPlotW/2
		}
		// A small inset keeps the first and last markers off the axes.
		return icLeft + 12 + d.Sub(first).Hours()/span*(icPlotW-24)
	}
	women, men := chartSeries{Key: icSeriesWomen}, chartSeries{Key: icSeriesM}
	for _, v := range vals {
		women.Points = append(women.Points, chartPoint{X: x(v.MeasuredOn), Y: y(v.Women), Value: v.Women, Date: v.MeasuredOn})
		men.Points = append(men.Points, chartPoint{X: x(v.MeasuredOn), Y: y(v.Men), Value: v.Men, Date: v.MeasuredOn})
	}
	c.Series = []chartSeries{women, men}
	// Date labels: every point when few, else the first, the last and
	// evenly spaced ones between, so they never overlap.
	every := 1
	if len(vals) > 5 {
		every = (len(vals) + 3) / 4
	}
	for i, v := range vals {
		if i%every == 0 || i == len(vals)-1 {
			c.XLabels = append(c.XLabels, chartXLabel{X: round2(x(v.MeasuredOn)), Label: v.MeasuredOn.Format(time.DateOnly)})
		}
	}
	return c
}

func seriesLabel(ctx context.Context, key string) string {
	if key == icSeriesWomen {
		return t(ctx, "ex.women")
	}
	return t(ctx, "ex.men")
}

// chartDescription is the chart's text alternative: every value of both
// lines, and how the gap between women and men changed from the first
// measurement to the last.
func chartDescription(ctx context.Context, ind portal.Indicator) string {
	if len(ind.Values) == 0 {
		return t(ctx, "ex.novalues")
	}
	unit := " " + ind.Unit
	if ind.Unit == "%" || ind.Unit == "procent" {
		unit = " %"
	}
	var parts []string
	for _, key := range []string{icSeriesWomen, icSeriesM} {
		var pts []string
		for _, v := range ind.Values {
			n := v.Women
			if key == icSeriesM {
				n = v.Men
			}
			pts = append(pts, portal.FormatNumber(n)+unit+" ("+v.MeasuredOn.Format(time.DateOnly)+")")
		}
		parts = append(parts, seriesLabel(ctx, key)+": "+strings.Join(pts, ", ")+".")
	}
	if len(ind.Values) > 1 {
		a, b := ind.Values[0], ind.Values[len(ind.Values)-1]
		gapA, gapB := math.Abs(a.Women-a.Men), math.Abs(b.Women-b.Men)
		parts = append(parts, tf(ctx, "ex.gap", portal.FormatNumber(round2(gapA))+unit, portal.FormatNumber(round2(gapB))+unit))
	}
	return strings.Join(parts, " ")
}

func optNumber(f *float64) string {
	if f == nil {
		return "–"
	}
	return portal.FormatNumber(*f)
}
