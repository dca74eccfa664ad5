package web

import (
	"context"
	"strings"

	"github.com/a-h/templ"

	"modellportalen/internal/lineage"
	"modellportalen/internal/portal"
)

// LineageView is the mentor lineage page's data.
type LineageView struct {
	Graph lineage.Graph
	// Drawing, when set, is Graph drawn ahead by DrawLineage.
	Drawing templ.Component
}

func nodeClass(n lineage.Node) string {
	c := "node"
	if n.Withdrawn {
		c += " withdrawn"
	}
	if n.Focus {
		c += " focus"
	}
	return c
}

func edgeClass(e lineage.Edge) string {
	if e.Supporting {
		return "edge supporting"
	}
	return "edge"
}

func nodeTitle(ctx context.Context, n lineage.Node) string {
	s := n.Organisation.Name + ", " + n.Round.Name
	if n.Withdrawn {
		s += " (" + t(ctx, "withdrew") + ")"
	}
	return s
}

func stepText(ctx context.Context, s lineage.Step) string {
	names := make([]string, len(s.Mentees))
	for i, o := range s.Mentees {
		names[i] = o.Name
	}
	from := t(ctx, "lineage.nofrom")
	if s.From.ID != 0 {
		from = tf(ctx, "lineage.from", s.From.Name)
	}
	id := "lineage.mentored"
	if s.Supporting {
		id = "lineage.support"
	}
	return tf(ctx, id, s.Mentor.Name+" ("+from+")", joinAndCtx(ctx, names))
}

// stepsByRound groups the text alternative's steps under their rounds.
func stepsByRound(g lineage.Graph) [][]lineage.Step {
	var out [][]lineage.Step
	for _, s := range g.Steps {
		if n := len(out); n > 0 && out[n-1][0].Round.ID == s.Round.ID {
			out[n-1] = append(out[n-1], s)
			continue
		}
		out = append(out, []lineage.Step{s})
	}
	return out
}

// columnName names a round's column by the years its head shows and then
// the round, so the link's name starts with its visible text (a round's
// name need not hold its span: "… 2019" ran to 2020).
func columnName(r portal.Round) string {
	if strings.Contains(r.Name, r.Years()) {
		return r.Name
	}
	return r.Years() + ": " + r.Name
}
