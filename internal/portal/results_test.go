package portal

import (
	"testing"
)

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"12", 12, true}, {"12,5", 12.5, true}, {"12.5", 12.5, true}, {" 1 234,75 ", 1234.75, true},
		{"1\u00a0000", 1000, true}, {"−3,5", -3.5, true}, {"-0,25", -0.25, true}, {"45 %", 45, true},
		{"", 0, false}, {"tolv", 0, false}, {"1,2,3", 0, false}, {"1e6", 0, false}, {"NaN", 0, false},
		{"Inf", 0, false}, {"0x10", 0, false}, {"+5", 0, false}, {"99999999999999", 0, false},
	} {
		got, msg := ParseNumber(tc.in)
		if (msg == "") != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("ParseNumber(%q) = %v, %q; want %v ok=%v", tc.in, got, msg, tc.want, tc.ok)
		}
	}
	for _, n := range []float64{12, 12.5, -0.25, 1234.75} {
		back, msg := ParseNumber(FormatNumber(n))
		if msg != "" || back != n {
			t.Errorf("FormatNumber(%v) = %q does not read back", n, FormatNumber(n))
		}
	}
}

func TestReadyToPropose(t *testing.T) {
	w := ImprovementWork{Card: WorkCard{ServiceArea: AreaSchool, Inequality: "x", Baseline: "y", Measures: "z"}}
	ind := []Indicator{{Values: []IndicatorValue{{Women: 1, Men: 2}}}}
	res := []WorkResult{{Kind: ResultOutput}}
	if got := ReadyToPropose(w, ind, res); got != nil {
		t.Errorf("complete work lacks %v", got)
	}
	if got := ReadyToPropose(ImprovementWork{}, []Indicator{{}}, nil); len(got) != 6 {
		t.Errorf("empty work lacks %d things, want 6: %v", len(got), got)
	}
}
