package web

import (
	"slices"
	"strings"

	"modellportalen/internal/portal"
)

// ExampleFields are the columns of the learning example file, in order;
// each has its meaning in the catalogue under "exfield.<name>".
var ExampleFields = []string{"id", "title", "organisation", "organisation_id", "round", "service_area", "inequality",
	"baseline", "measures", "result_kinds", "results", "indicators", "published_on", "url"}

// ExampleValueFields are the columns of the indicator value file.
var ExampleValueFields = []string{"example_id", "indicator_id", "indicator", "unit", "source", "kolada_kpi", "date",
	"women", "men", "total"}

func reviewCount(list []portal.LearningExample, p portal.Publication) int {
	n := 0
	for _, e := range list {
		if e.Work.Publication == p {
			n++
		}
	}
	return n
}

// ReviewView is a project leader's review of one work.
type ReviewView struct {
	Example portal.LearningExample
	Comment string // as typed, when the form comes back
	Action  string // which form came back
	Errors  Errors
}

// participantResults is one participant's works in the result summary.
type participantResults struct {
	Organisation portal.Organisation
	Examples     []portal.LearningExample
}

func byParticipant(list []portal.LearningExample) []participantResults {
	var out []participantResults
	idx := map[int64]int{}
	for _, e := range list {
		i, ok := idx[e.Organisation.ID]
		if !ok {
			i = len(out)
			idx[e.Organisation.ID] = i
			out = append(out, participantResults{Organisation: e.Organisation})
		}
		out[i].Examples = append(out[i].Examples, e)
	}
	slices.SortFunc(out, func(a, b participantResults) int { return strings.Compare(a.Organisation.Name, b.Organisation.Name) })
	for _, p := range out {
		slices.SortFunc(p.Examples, func(a, b portal.LearningExample) int { return strings.Compare(a.Work.Title, b.Work.Title) })
	}
	return out
}

func kindCounts(list []portal.LearningExample) map[portal.ResultKind]int {
	out := map[portal.ResultKind]int{}
	for _, e := range list {
		for _, r := range e.Results {
			out[r.Kind]++
		}
	}
	return out
}
