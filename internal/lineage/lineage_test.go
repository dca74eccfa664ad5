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

// TestLayoutOrder: columns are ordered by group and then by where their
// links lead, so that a layout that crosses in name order does not.
func TestLayoutOrder(t *testing.T) {
	r := func(id int64, y int) portal.Round {
		return portal.Round{ID: id, Name: "R" + string(rune('0'+id)), StartYear: y, EndYear: y}
	}
	o := func(id int64, name string) portal.Organisation { return portal.Organisation{ID: id, Name: name} }
	r1, r2, r3 := r(1, 2016), r(2, 2017), r(3, 2019)
	alfa, beta, ostra, aby, bro, cecilia := o(1, "Alfa"), o(2, "Beta"), o(3, "Östra"), o(4, "Aby"), o(5, "Bro"), o(6, "Cecilia")
	links := []portal.LineageLink{
		// By name Alfa, Beta over Aby, Östra would cross; by group not.
		{Round: r2, GroupLabel: "Ö", Kind: portal.MentorPrimary, Mentor: alfa, MentorFrom: r1, Mentee: ostra},
		{Round: r2, GroupLabel: "A", Kind: portal.MentorPrimary, Mentor: beta, MentorFrom: r1, Mentee: aby},
		// By name and by group Bro, Cecilia would cross; by barycentre not.
		{Round: r3, GroupLabel: "B", Kind: portal.MentorPrimary, Mentor: ostra, MentorFrom: r2, Mentee: bro},
		{Round: r3, GroupLabel: "C", Kind: portal.MentorPrimary, Mentor: aby, MentorFrom: r2, Mentee: cecilia},
	}
	g := Layout([]portal.Round{r1, r2, r3}, links, 0)
	if g.Crossings != 0 {
		t.Errorf("%d crossings, want 0", g.Crossings)
	}
	y := map[string]float64{}
	for _, n := range g.Nodes {
		y[n.Organisation.Name] = n.Y
	}
	if (y["Alfa"] < y["Beta"]) != (y["Östra"] < y["Aby"]) || (y["Östra"] < y["Aby"]) != (y["Bro"] < y["Cecilia"]) {
		t.Errorf("rows %v cross", y)
	}
}

// TestBoxesFitNames: every box is at least as wide as its name set in the
// widest font the page may use, and the drawing holds every box.
func TestBoxesFitNames(t *testing.T) {
	r1, r2 := portal.Round{ID: 1, Name: "R1", StartYear: 2016, EndYear: 2017}, portal.Round{ID: 2, Name: "R2", StartYear: 2019, EndYear: 2019}
	long := portal.Organisation{ID: 1, Name: "Förbundet Norrbottens kommuner"}
	short := portal.Organisation{ID: 2, Name: "Ed"}
	g := Layout([]portal.Round{r1, r2}, []portal.LineageLink{{Round: r2, GroupLabel: "G", Mentor: short, MentorFrom: r1, Mentee: long}}, 0)
	for _, n := range g.Nodes {
		if n.W < TextWidth(n.Organisation.Name, FontSize)+2*TextInset {
			t.Errorf("%s: box %v wide, name %v", n.Organisation.Name, n.W, TextWidth(n.Organisation.Name, FontSize))
		}
		if n.X+n.W > g.Width || n.Y+BoxHeight > g.Height {
			t.Errorf("%s outside the drawing %v×%v", n.Organisation.Name, g.Width, g.Height)
		}
	}
	if g.Nodes[0].W >= g.Nodes[1].W {
		t.Errorf("Ed's column (%v) not narrower than the association's (%v)", g.Nodes[0].W, g.Nodes[1].W)
	}
}

func TestTextWidth(t *testing.T) {
	// DejaVu Sans Bold draws "Umeå" at 13 px about 40 px wide.
	if w := TextWidth("Umeå", 13); w < 38 || w > 44 {
		t.Errorf("TextWidth(Umeå) = %v, want about 40", w)
	}
	// A letter the table lacks counts as wide as an em.
	if w := TextWidth("Ł", 10); w != 10 {
		t.Errorf("TextWidth(Ł, 10) = %v, want 10", w)
	}
}
