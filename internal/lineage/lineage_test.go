package lineage

import (
	"testing"

	"modellportalen/internal/portal"
)

func TestLayoutAndFilter(t *testing.T) {
	r := func(id int64, name string, y int) portal.Round {
		return portal.Round{ID: id, Name: name, StartYear: y, EndYear: y}
	}
	o := func(id int64, name string) portal.Organisation { return portal.Organisation{ID: id, Name: name} }
	r1, r2, r3 := r(1, "R1", 2016), r(2, "R2", 2017), r(3, "R3", 2019)
	umea, lycksele, vannas, nordmaling, hedemora, askersund, x := o(1, "Umeå"), o(2, "Lycksele"), o(3, "Vännäs"),
		o(4, "Nordmaling"), o(5, "Hedemora"), o(6, "Askersund"), o(7, "Nykomling")
	links := []portal.LineageLink{
		{Round: r2, GroupLabel: "L och V", Kind: portal.MentorPrimary, Mentor: umea, MentorFrom: r1, Mentee: lycksele},
		{Round: r2, GroupLabel: "L och V", Kind: portal.MentorPrimary, Mentor: umea, MentorFrom: r1, Mentee: vannas},
		{Round: r3, GroupLabel: "N", Kind: portal.MentorPrimary, Mentor: vannas, MentorFrom: r2, Mentee: nordmaling},
		{Round: r3, GroupLabel: "A", Kind: portal.MentorPrimary, Mentor: hedemora, MentorFrom: r2, Mentee: askersund, MenteeWithdrawn: true},
		{Round: r3, GroupLabel: "A", Kind: portal.MentorSupporting, Mentor: x, Mentee: askersund, MenteeWithdrawn: true},
	}
	g := Layout([]portal.Round{r1, r2, r3}, links, 3)
	if len(g.Columns) != 3 || len(g.Edges) != 5 {
		t.Fatalf("%d columns, %d edges; want 3 and 5", len(g.Columns), len(g.Edges))
	}
	// Nodes: Umeå@R1, Lycksele@R2, Vännäs@R2 (mentee and mentor: one node),
	// Nordmaling@R3, Hedemora@R2, Askersund@R3, Nykomling@R3 (no earlier round).
	if len(g.Nodes) != 7 {
		t.Fatalf("%d nodes, want 7: %+v", len(g.Nodes), g.Nodes)
	}
	at := map[string]Node{}
	for _, n := range g.Nodes {
		at[n.Organisation.Name] = n
	}
	if at["Umeå"].X >= at["Vännäs"].X || at["Vännäs"].X >= at["Nordmaling"].X {
		t.Error("rounds do not run from left to right")
	}
	if at["Hedemora"].X != at["Vännäs"].X {
		t.Error("Hedemora not drawn in the round it took part in")
	}
	if !at["Askersund"].Withdrawn || !at["Vännäs"].Focus || at["Umeå"].Focus {
		t.Errorf("flags: %+v", at)
	}
	// Vännäs's and Hedemora's edges do not cross.
	if (at["Vännäs"].Y < at["Hedemora"].Y) != (at["Nordmaling"].Y < at["Askersund"].Y) {
		t.Errorf("row order: %+v", at)
	}
	if len(g.Steps) != 4 || len(g.Steps[0].Mentees) != 2 || !g.Steps[3].Supporting {
		t.Errorf("steps %+v", g.Steps)
	}

	// Vännäs's lineage: Umeå mentored it, it mentored Nordmaling; Lycksele
	// (a fellow mentee) and Hedemora's line are not on its path.
	f := Filter(links, vannas.ID)
	if len(f) != 2 || f[0].Mentee.ID != vannas.ID || f[1].Mentee.ID != nordmaling.ID {
		t.Errorf("Filter(Vännäs) = %+v", f)
	}
	if f := Filter(links, askersund.ID); len(f) != 2 {
		t.Errorf("Filter(Askersund) has %d links, want its two mentors", len(f))
	}
	if f := Filter(links, 99); len(f) != 0 || !Layout(nil, f, 99).Empty() {
		t.Error("an organisation with no links has a lineage")
	}
}
