// Package lineage lays out the programme's mentor lineage as a graph read
// from left to right, one column per round: a mentor is drawn in the round
// its experience comes from, and an arrow leads to each organisation it
// guided. Templates draw the result as SVG.
package lineage

import (
	"math"
	"slices"
	"strconv"

	"modellportalen/internal/portal"
)

// Sizes in SVG user units, which the page draws one to one as CSS pixels,
// so that the text is never scaled below FontSize.
const (
	FontSize     = 13.0 // names in the boxes
	HeadFontSize = 14.0 // the rounds' years above the columns
	BoxHeight    = 26.0
	TextInset    = 8.0  // between a box's left edge and its name
	Baseline     = 17.5 // from a box's top to its name's baseline
	HeadBaseline = 20.0 // from the top of the drawing to the years'
	minBoxWidth  = 64.0
	colGap       = 64.0 // room for the curves and arrows between columns
	rowHeight    = 34.0
	top          = 36.0
	left         = 4.0
)

// Key names a node: an organisation in a round.
type Key struct{ Organisation, Round int64 }

// Node is an organisation in the round it is drawn in.
type Node struct {
	Key
	Organisation portal.Organisation
	Round        portal.Round
	X, Y         float64 // top left of its box
	W            float64 // its box's width, that of its column
	Withdrawn    bool    // it left the round early
	Focus        bool    // the organisation the graph was drawn for
}

// Edge is a mentor link from the mentor's node to the mentee's, drawn as a
// cubic curve D.
type Edge struct {
	From, To   int // indexes into Graph.Nodes
	Supporting bool
	D          string
}

// Column is a round's column, with the x and the width of its boxes.
type Column struct {
	Round portal.Round
	X, W  float64
}

// Step is one sentence of the graph's text alternative: in Round, Mentor
// (with its experience from From; From.ID is 0 when unknown) guided Mentees
// of the group GroupLabel.
type Step struct {
	Round      portal.Round
	GroupLabel string
	Mentor     portal.Organisation
	From       portal.Round
	Supporting bool
	Mentees    []portal.Organisation
}

// Graph is a laid-out lineage.
type Graph struct {
	Width, Height float64
	Columns       []Column
	Nodes         []Node
	Edges         []Edge
	Steps         []Step
	Crossings     int // edges crossing one another, counted as straight lines
}

// Empty reports whether there is nothing to draw.
func (g Graph) Empty() bool { return len(g.Edges) == 0 }

func mentorKey(l portal.LineageLink) Key {
	if l.MentorFrom.ID != 0 {
		return Key{l.Mentor.ID, l.MentorFrom.ID}
	}
	return Key{l.Mentor.ID, l.Round.ID}
}

func menteeKey(l portal.LineageLink) Key { return Key{l.Mentee.ID, l.Round.ID} }

// Layout places the links' nodes in columns by round (rounds in the
// programme's order) and routes the edges. focus, when not 0, is an
// organisation whose nodes are highlighted.
func Layout(rounds []portal.Round, links []portal.LineageLink, focus int64) Graph {
	var g Graph
	idx := map[Key]int{}
	add := func(k Key, o portal.Organisation, r portal.Round) int {
		if i, ok := idx[k]; ok {
			return i
		}
		idx[k] = len(g.Nodes)
		g.Nodes = append(g.Nodes, Node{Key: k, Organisation: o, Round: r, Focus: o.ID == focus && focus != 0})
		return idx[k]
	}
	for _, l := range links {
		from := l.MentorFrom
		if from.ID == 0 {
			from = l.Round
		}
		a := add(mentorKey(l), l.Mentor, from)
		b := add(menteeKey(l), l.Mentee, l.Round)
		if l.MenteeWithdrawn {
			g.Nodes[b].Withdrawn = true
		}
		g.Edges = append(g.Edges, Edge{From: a, To: b, Supporting: l.Kind == portal.MentorSupporting})
	}
	g.Steps = steps(links)

	// Columns: the rounds that have nodes, in the programme's order, each
	// as wide as the widest name in it (and its heading).
	used := map[int64]bool{}
	for _, n := range g.Nodes {
		used[n.Round.ID] = true
	}
	col := map[int64]int{}
	for _, r := range rounds {
		if used[r.ID] {
			col[r.ID] = len(g.Columns)
			g.Columns = append(g.Columns, Column{Round: r, W: max(minBoxWidth, TextWidth(r.Years(), HeadFontSize))})
		}
	}
	members := make([][]int, len(g.Columns))
	for i, n := range g.Nodes {
		c := col[n.Round.ID]
		members[c] = append(members[c], i)
		g.Columns[c].W = max(g.Columns[c].W, TextWidth(n.Organisation.Name, FontSize)+2*TextInset)
	}
	x := left
	for c := range g.Columns {
		g.Columns[c].X = x
		x += g.Columns[c].W + colGap
	}

	g.Crossings = order(&g, members, col, links)
	colOf := make([]int, len(g.Nodes))
	for i, n := range g.Nodes {
		colOf[i] = col[n.Round.ID]
	}
	ys := align(&g, members, colOf)
	bottom := top
	for c, ms := range members {
		for _, i := range ms {
			g.Nodes[i].X, g.Nodes[i].W, g.Nodes[i].Y = g.Columns[c].X, g.Columns[c].W, ys[i]
			bottom = max(bottom, ys[i]+rowHeight)
		}
	}
	for i := range g.Edges {
		a, b := g.Nodes[g.Edges[i].From], g.Nodes[g.Edges[i].To]
		x1, y1 := a.X+a.W, a.Y+BoxHeight/2
		y2 := b.Y + BoxHeight/2
		if a.X == b.X {
			// A mentor with no earlier round, in the same column: loop round
			// the right-hand side.
			g.Edges[i].D = "M" + pt(x1, y1) + " C" + pt(x1+30, y1) + " " + pt(x1+30, y2) + " " + pt(x1, y2)
			continue
		}
		x2 := b.X
		dx := (x2 - x1) / 2
		g.Edges[i].D = "M" + pt(x1, y1) + " C" + pt(x1+dx, y1) + " " + pt(x2-dx, y2) + " " + pt(x2, y2)
	}
	if n := len(g.Columns); n > 0 {
		// The last column's loops (mentors with no earlier round) need
		// room on its right.
		g.Width = g.Columns[n-1].X + g.Columns[n-1].W + 36
	}
	g.Height = bottom
	return g
}

func steps(links []portal.LineageLink) []Step {
	var out []Step
	for _, l := range links {
		n := len(out)
		if n > 0 && out[n-1].Round.ID == l.Round.ID && out[n-1].GroupLabel == l.GroupLabel &&
			out[n-1].Mentor.ID == l.Mentor.ID && out[n-1].Supporting == (l.Kind == portal.MentorSupporting) {
			out[n-1].Mentees = append(out[n-1].Mentees, l.Mentee)
			continue
		}
		out = append(out, Step{Round: l.Round, GroupLabel: l.GroupLabel, Mentor: l.Mentor, From: l.MentorFrom,
			Supporting: l.Kind == portal.MentorSupporting, Mentees: []portal.Organisation{l.Mentee}})
	}
	return out
}

// Filter keeps the links on a path through organisation orgID: those that
// lead, however indirectly, to it (who mentored it, and who mentored them)
// and those that lead on from it (whom it mentored, and whom they mentored).
func Filter(links []portal.LineageLink, orgID int64) []portal.LineageLink {
	fwd, back := map[Key][]Key{}, map[Key][]Key{}
	var start []Key
	for _, l := range links {
		a, b := mentorKey(l), menteeKey(l)
		fwd[a] = append(fwd[a], b)
		back[b] = append(back[b], a)
		for _, k := range []Key{a, b} {
			if k.Organisation == orgID && !slices.Contains(start, k) {
				start = append(start, k)
			}
		}
	}
	reach := func(next map[Key][]Key) map[Key]bool {
		seen := map[Key]bool{}
		queue := append([]Key{}, start...)
		for _, k := range start {
			seen[k] = true
		}
		for len(queue) > 0 {
			k := queue[0]
			queue = queue[1:]
			for _, n := range next[k] {
				if !seen[n] {
					seen[n] = true
					queue = append(queue, n)
				}
			}
		}
		return seen
	}
	down, up := reach(fwd), reach(back)
	var out []portal.LineageLink
	for _, l := range links {
		a, b := mentorKey(l), menteeKey(l)
		if (down[a] && down[b]) || (up[a] && up[b]) {
			out = append(out, l)
		}
	}
	return out
}

func pt(x, y float64) string {
	return num(x) + "," + num(y)
}

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
