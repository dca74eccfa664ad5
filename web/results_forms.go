package web

import (
	"strconv"

	"modellportalen/internal/portal"
)

// IndicatorForm is the indicator form as typed, with its value rows.
type IndicatorForm struct {
	Version    int
	Name       string        `label:"Namn"`
	Unit       string        `label:"Enhet"`
	Source     string        `label:"Källa"`
	KoladaKPI  string        `label:"Kolada-id"`
	SourceNote string        `label:"Om källan"`
	Rows       IndicatorRows `label:"Värden"`
}

// IndicatorRows are an indicator's values as typed, a row a date.
type IndicatorRows []portal.IndicatorRow

// String is the rows that hold a value, as one line.
func (rows IndicatorRows) String() string {
	out := ""
	for _, r := range rows {
		if r.Empty() {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += r.Date + ": kvinnor " + r.Women + ", män " + r.Men
		if r.Total != "" {
			out += ", totalt " + r.Total
		}
	}
	return out
}

// IndicatorView is the new-indicator and edit-indicator page.
type IndicatorView struct {
	Organisation portal.Organisation
	Round        portal.Round
	Work         portal.ImprovementWork
	Indicator    *portal.Indicator // nil for a new one
	Form         IndicatorForm
	Errors       Errors
	Conflict     []ConflictField
}

// formRows are the rows the form shows: what was typed or stored, and at
// least two empty ones for follow-ups, four in all at least.
func formRows(rows []portal.IndicatorRow) []portal.IndicatorRow {
	out := append([]portal.IndicatorRow(nil), rows...)
	for len(out) > 0 && out[len(out)-1].Empty() {
		out = out[:len(out)-1]
	}
	n := max(len(out)+2, 4)
	for len(out) < n {
		out = append(out, portal.IndicatorRow{})
	}
	return out
}

func rowLegend(i int) string {
	if i == 0 {
		return "Utgångsläge"
	}
	return "Uppföljning " + strconv.Itoa(i)
}

func indicatorTitle(v IndicatorView) string {
	if v.Indicator == nil {
		return "Ny indikator"
	}
	return "Ändra indikator"
}

func sourceOptions(selected string) []Option {
	return []Option{
		{string(portal.SourceOwn), "Egna data", selected == string(portal.SourceOwn)},
		{string(portal.SourceKolada), "Kolada", selected == string(portal.SourceKolada)},
	}
}

// ResultForm is the result form as typed.
type ResultForm struct {
	Version     int
	Kind        string `label:"Typ"`
	Description string `label:"Resultat"`
	Evidence    string `label:"Underlag"`
}

// ResultView is the new-result and edit-result page.
type ResultView struct {
	Organisation portal.Organisation
	Round        portal.Round
	Work         portal.ImprovementWork
	Result       *portal.WorkResult // nil for a new one
	Form         ResultForm
	Errors       Errors
	Conflict     []ConflictField
}

func resultTitle(v ResultView) string {
	if v.Result == nil {
		return "Nytt resultat"
	}
	return "Ändra resultat"
}

func resultKindOptions(selected string) []Option {
	var out []Option
	for _, k := range portal.ResultKinds {
		out = append(out, Option{string(k), resultKindExplained[k], string(k) == selected})
	}
	return out
}
