package lineage

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"modellportalen/internal/portal"
)

// sweeps bounds the ordering passes; the lineage's few dozen nodes settle
// in two or three.
const sweeps = 8

// order sorts each column's members (indexes into g.Nodes) so that edges
// cross little: a group's members and its mentors stay together, and each
// column is sorted by the mean row of the nodes it is linked to (the
// barycentre heuristic of Sugiyama et al.), sweeping back and forth and
// keeping the order with the fewest crossings. Ties fall back to names, so
// the drawing is the same every time. It returns the number of crossings
// left.
func order(g *Graph, members [][]int, col map[int64]int, links []portal.LineageLink) int {
	group := nodeGroups(g, links)
	colOf := make([]int, len(g.Nodes))
	for i, n := range g.Nodes {
		colOf[i] = col[n.Round.ID]
	}
	neighbours := make([][]int, len(g.Nodes))
	for _, e := range g.Edges {
		if colOf[e.From] != colOf[e.To] {
			neighbours[e.From] = append(neighbours[e.From], e.To)
			neighbours[e.To] = append(neighbours[e.To], e.From)
		}
	}
	row := make([]float64, len(g.Nodes))
	place := func(c int) {
		for r, i := range members[c] {
			row[i] = float64(r)
		}
	}
	name := func(i int) string { return g.Nodes[i].Organisation.Name }

	for c := range members {
		slices.SortStableFunc(members[c], func(a, b int) int {
			if group[a] != group[b] {
				return cmp.Compare(group[a], group[b])
			}
			return cmp.Compare(name(a), name(b))
		})
		place(c)
	}
	best := cloneColumns(members)
	fewest := countCrossings(g.Edges, colOf, row)
	for sweep := 0; sweep < sweeps && fewest > 0; sweep++ {
		for k := range members {
			c := k
			if sweep%2 == 1 {
				c = len(members) - 1 - k
			}
			bary := map[int]float64{}
			for _, i := range members[c] {
				bary[i] = row[i]
				if len(neighbours[i]) > 0 {
					sum := 0.0
					for _, j := range neighbours[i] {
						sum += row[j]
					}
					bary[i] = sum / float64(len(neighbours[i]))
				}
			}
			// A group sits where its members' links pull it on average.
			groupSum, groupN := map[string]float64{}, map[string]int{}
			for _, i := range members[c] {
				groupSum[group[i]] += bary[i]
				groupN[group[i]]++
			}
			groupBary := func(i int) float64 {
				if group[i] == "" {
					return bary[i]
				}
				return groupSum[group[i]] / float64(groupN[group[i]])
			}
			slices.SortStableFunc(members[c], func(a, b int) int {
				if ga, gb := groupBary(a), groupBary(b); ga != gb {
					return cmp.Compare(ga, gb)
				}
				if group[a] != group[b] {
					return cmp.Compare(group[a], group[b])
				}
				if bary[a] != bary[b] {
					return cmp.Compare(bary[a], bary[b])
				}
				return cmp.Compare(name(a), name(b))
			})
			place(c)
		}
		if n := countCrossings(g.Edges, colOf, row); n < fewest {
			best, fewest = cloneColumns(members), n
		}
	}
	for c := range members {
		copy(members[c], best[c])
	}
	return fewest
}

// nodeGroups names each node's group: the benchmarking group it took part
// in, or else the first group it mentored; "" for neither.
func nodeGroups(g *Graph, links []portal.LineageLink) []string {
	idx := map[Key]int{}
	for i, n := range g.Nodes {
		idx[n.Key] = i
	}
	out := make([]string, len(g.Nodes))
	label := func(l portal.LineageLink) string {
		return strconv.FormatInt(l.Round.ID, 10) + "/" + l.GroupLabel
	}
	for _, l := range links {
		if i, ok := idx[menteeKey(l)]; ok && out[i] == "" {
			out[i] = label(l)
		}
	}
	for _, l := range links {
		if i, ok := idx[mentorKey(l)]; ok && out[i] == "" {
			out[i] = label(l)
		}
	}
	return out
}

// countCrossings counts the pairs of edges that cross when each is drawn
// as a straight line from its mentor's column and row to its mentee's. Two
// edges that share an end do not cross; a mentor's loop within its own
// column is left out.
func countCrossings(edges []Edge, colOf []int, row []float64) int {
	type seg struct{ c1, c2, y1, y2 float64 }
	var segs []seg
	for _, e := range edges {
		a, b := e.From, e.To
		if colOf[a] == colOf[b] {
			continue
		}
		if colOf[a] > colOf[b] {
			a, b = b, a
		}
		segs = append(segs, seg{float64(colOf[a]), float64(colOf[b]), row[a], row[b]})
	}
	at := func(s seg, c float64) float64 { return s.y1 + (s.y2-s.y1)*(c-s.c1)/(s.c2-s.c1) }
	n := 0
	for i := range segs {
		for j := i + 1; j < len(segs); j++ {
			p, q := segs[i], segs[j]
			lo, hi := max(p.c1, q.c1), min(p.c2, q.c2)
			if hi <= lo {
				continue
			}
			if d1, d2 := at(p, lo)-at(q, lo), at(p, hi)-at(q, hi); d1*d2 < 0 {
				n++
			}
		}
	}
	return n
}

func cloneColumns(members [][]int) [][]int {
	out := make([][]int, len(members))
	for c := range members {
		out[c] = slices.Clone(members[c])
	}
	return out
}

// align sets the boxes' heights: the fullest column packed from the top
// anchors the others, whose boxes move towards the mean height of the boxes
// they are linked to, so that edges run as level as they can, keeping each
// column's order and a row's height between boxes. It returns the y of
// each node's box.
func align(g *Graph, members [][]int, colOf []int) []float64 {
	y := make([]float64, len(g.Nodes))
	anchor := 0
	for c, ms := range members {
		for r, i := range ms {
			y[i] = top + float64(r)*rowHeight
		}
		if len(ms) > len(members[anchor]) {
			anchor = c
		}
	}
	neighbours := make([][]int, len(g.Nodes))
	for _, e := range g.Edges {
		if colOf[e.From] != colOf[e.To] {
			neighbours[e.From] = append(neighbours[e.From], e.To)
			neighbours[e.To] = append(neighbours[e.To], e.From)
		}
	}
	for pass := 0; pass < 4; pass++ {
		for k := range members {
			c := k
			if pass%2 == 1 {
				c = len(members) - 1 - k
			}
			if c == anchor {
				continue
			}
			prev := top - rowHeight
			for _, i := range members[c] {
				want := y[i]
				if len(neighbours[i]) > 0 {
					sum := 0.0
					for _, j := range neighbours[i] {
						sum += y[j]
					}
					want = sum / float64(len(neighbours[i]))
				}
				y[i] = max(math.Round(want), prev+rowHeight)
				prev = y[i]
			}
		}
	}
	return y
}
