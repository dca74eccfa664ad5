package web

import (
	"context"
	"strconv"

	"modellportalen/internal/portal"
)

// WorkCardForm is the card part of the improvement work form, as typed.
type WorkCardForm struct {
	ServiceArea   string `label:"Verksamhetsområde"`
	Inequality    string `label:"Ojämställdheten"`
	Baseline      string `label:"Utgångsläge"`
	Measures      string `label:"Åtgärder"`
	UsersWomen    string `label:"Brukare: kvinnor"`
	UsersMen      string `label:"Brukare: män"`
	StaffWomen    string `label:"Personal: kvinnor"`
	StaffMen      string `label:"Personal: män"`
	DecidersWomen string `label:"Beslutsfattare: kvinnor"`
	DecidersMen   string `label:"Beslutsfattare: män"`
	Resources     string `label:"Resurser"`
	Realia        string `label:"Realia"`
	Requirements  string `label:"Krav"`
}

func serviceAreaOptions(selected string) []Option {
	out := []Option{{"", "Välj verksamhetsområde", selected == ""}}
	for _, a := range portal.ServiceAreas {
		out = append(out, Option{string(a), ServiceAreaName(a), string(a) == selected})
	}
	return out
}

func countText(p *int) string {
	if p == nil {
		return "–"
	}
	return strconv.Itoa(*p)
}

// repRow is one row of the representation table: a group and its counts.
type repRow struct {
	ID, Label string
	Women     *string
	Men       *string
}

func repRows(f *WorkCardForm) []repRow {
	return []repRow{
		{"users", "Brukare och användare", &f.UsersWomen, &f.UsersMen},
		{"staff", "Personal", &f.StaffWomen, &f.StaffMen},
		{"deciders", "Beslutsfattare", &f.DecidersWomen, &f.DecidersMen},
	}
}

// WorkResultsView is what the work page shows below the form: indicators,
// results and the work's way to publication.
type WorkResultsView struct {
	Indicators []portal.Indicator
	Results    []portal.WorkResult
	Missing    []string // what the work lacks before it can be proposed
}

func publicationName(p portal.Publication) string {
	switch p {
	case portal.PublicationProposed:
		return "Föreslaget, väntar på granskning"
	case portal.PublicationReturned:
		return "Återsänt med kommentar"
	case portal.PublicationApproved:
		return "Publicerat som lärande exempel"
	}
	return "Inte föreslaget"
}

func measurementLabel(ctx context.Context, i int) string {
	if i == 0 {
		return t(ctx, "ex.baselinept")
	}
	return tf(ctx, "ex.followup", i)
}

func areaLabel(ctx context.Context, a portal.ServiceArea) string {
	if a == "" {
		return ""
	}
	return t(ctx, "ex.area."+string(a))
}

func kindLabel17(ctx context.Context, k portal.ResultKind) string {
	return t(ctx, "ex.kind."+string(k))
}

// resultKinds lists the distinct kinds of a work's results, in order.
func resultKinds(rs []portal.WorkResult) []portal.ResultKind {
	var out []portal.ResultKind
	for _, k := range portal.ResultKinds {
		for _, r := range rs {
			if r.Kind == k {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

func hasFourR(c portal.WorkCard) bool {
	return !c.Representation.Empty() || c.Resources != "" || c.Realia != "" || c.Requirements != ""
}

// ExamplesView is the public list of learning examples.
type ExamplesView struct {
	Query         string
	Area          string
	Round         string // slug
	Organisation  string // slug
	Rounds        []portal.Round
	Organisations []portal.Organisation
	Examples      []portal.LearningExample
	Filtered      bool
}

// ExampleURL is a learning example's public path.
func ExampleURL(id int64) string { return "/larande-exempel/" + itoa64(id) }

func exampleCount(ctx context.Context, n int) string {
	if n == 1 {
		return t(ctx, "ex.count.one")
	}
	return tf(ctx, "ex.count", n)
}

func exampleMeta(ctx context.Context, e portal.LearningExample) string {
	return tf(ctx, "ex.meta", e.Organisation.Name, e.Round.Name)
}
