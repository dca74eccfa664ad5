package web

import (
	"bytes"
	"context"
	"io"

	"github.com/a-h/templ"

	"modellportalen/internal/geo"
	"modellportalen/internal/lineage"
	"modellportalen/internal/portal"
)

// The map and the lineage graph draw hundreds of marks and nodes, each with
// its attributes, classes and escaped titles: rendering them costs more
// than the rest of their pages together, yet they change only with the
// data. The Draw functions render one once, in the context's language, for
// the server to keep until the data changes; a page renders what it is
// given as is.

// drawing is HTML rendered ahead.
type drawing []byte

func (d drawing) Render(_ context.Context, w io.Writer) error {
	_, err := w.Write(d)
	return err
}

func draw(ctx context.Context, c templ.Component) (templ.Component, error) {
	var b bytes.Buffer
	if err := c.Render(ctx, &b); err != nil {
		return nil, err
	}
	return drawing(b.Bytes()), nil
}

// drawTwo draws two parts of one page, with live parts between them.
func drawTwo(ctx context.Context, a, b templ.Component) (templ.Component, templ.Component, error) {
	da, err := draw(ctx, a)
	if err != nil {
		return nil, nil, err
	}
	db, err := draw(ctx, b)
	return da, db, err
}

// drawn is the drawing made ahead, if any, or else c.
func drawn(ahead, c templ.Component) templ.Component {
	if ahead != nil {
		return ahead
	}
	return c
}

// DrawHomeMap draws the start page's map of m.
func DrawHomeMap(ctx context.Context, m geo.Map) (templ.Component, error) {
	return draw(ctx, homeMap(ctx, m))
}

// DrawRoundMap draws the map of a round's page.
func DrawRoundMap(ctx context.Context, round portal.Round, m geo.Map) (templ.Component, error) {
	return draw(ctx, roundMap(ctx, round, m))
}

// DrawRoundTracks draws a round page's groups and participants per track.
func DrawRoundTracks(ctx context.Context, v RoundView) (templ.Component, error) {
	return draw(ctx, roundTracks(v))
}

// DrawRoundDashboard draws a round's staff page above and below its status
// button.
func DrawRoundDashboard(ctx context.Context, v RoundDashboardView) (head, body templ.Component, err error) {
	return drawTwo(ctx, roundDashboardHead(v), roundDashboardBody(v))
}

// DrawParticipantsTable draws the table of a round's participants on its
// staff page.
func DrawParticipantsTable(ctx context.Context, v ParticipantsView) (templ.Component, error) {
	return draw(ctx, participantsTable(v))
}

// DrawContactParticipations draws the rounds on an organisation's own page.
func DrawContactParticipations(ctx context.Context, v ContactOrgView) (templ.Component, error) {
	return draw(ctx, contactParticipations(v))
}

// DrawGroupChoices draws the members and the mentors a group's page offers,
// as the group is stored.
func DrawGroupChoices(ctx context.Context, v GroupView) (members, mentors templ.Component, err error) {
	return drawTwo(ctx, memberChoices(v), mentorChoices(v))
}

// DrawLineage draws the lineage page's graph.
func DrawLineage(ctx context.Context, g lineage.Graph) (templ.Component, error) {
	return draw(ctx, lineageGraph(g, "lineage"))
}

// DrawOrganisationLineage draws an organisation page's part of the lineage.
func DrawOrganisationLineage(ctx context.Context, o portal.Organisation, g lineage.Graph) (templ.Component, error) {
	return draw(ctx, orgLineage(o, g))
}

// DrawStatistics draws the statistics page's content.
func DrawStatistics(ctx context.Context, v StatisticsView) (templ.Component, error) {
	return draw(ctx, statisticsBody(v))
}

// LangKey names the context's language, for keeping drawings apart.
func LangKey(ctx context.Context) string { return string(langOf(ctx)) }
