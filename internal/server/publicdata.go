package server

import (
	"context"
	"strconv"

	"modellportalen/internal/geo"
	"modellportalen/internal/lineage"
	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// publicData reads what the public pages show through the memo: the lists
// every page of a kind needs whatever is asked (all rounds, all public
// participations, the map's organisations, every mentor link) and what is
// derived from them (the map of all participants, lineage layouts), once
// per version of the data. Pages that show one record still ask the store.
// Values it returns are shared: do not modify them.
type publicData struct {
	st   *store.Store
	memo *memo
}

// Rounds are the published rounds: a draft is seen by staff alone.
func (d publicData) Rounds(ctx context.Context) ([]portal.RoundSummary, error) {
	return remember(ctx, d.memo, "rounds", func(ctx context.Context) ([]portal.RoundSummary, error) {
		all, err := d.st.Rounds(ctx)
		if err != nil {
			return nil, err
		}
		out := all[:0:0]
		for _, rs := range all {
			if !rs.Draft() {
				out = append(out, rs)
			}
		}
		return out, nil
	})
}

// RoundBySlug is the published round with the slug; a draft is
// store.ErrNotFound, as if it did not exist.
func (d publicData) RoundBySlug(ctx context.Context, slug string) (portal.Round, error) {
	r, err := d.st.RoundBySlug(ctx, slug)
	if err == nil && r.Draft() {
		return portal.Round{}, store.ErrNotFound
	}
	return r, err
}

// CountParticipatingOrganisations is the store's.
func (d publicData) CountParticipatingOrganisations(ctx context.Context) (int, error) {
	return remember(ctx, d.memo, "participating", d.st.CountParticipatingOrganisations)
}

// StatisticsView is what the statistics page shows, drawn in the
// context's language.
func (d publicData) StatisticsView(ctx context.Context) (web.StatisticsView, error) {
	return remember(ctx, d.memo, "statistics:"+web.LangKey(ctx), func(ctx context.Context) (web.StatisticsView, error) {
		var v web.StatisticsView
		var err error
		if v.Rounds, err = d.Rounds(ctx); err != nil {
			return v, err
		}
		if v.Counties, err = d.CountyCounts(ctx); err != nil {
			return v, err
		}
		all, err := d.PublicParticipations(ctx, 0)
		if err != nil {
			return v, err
		}
		v.Repeats = portal.RepeatOrganisations(all)
		v.Drawing, err = web.DrawStatistics(ctx, v)
		return v, err
	})
}

// CountyCounts is the store's.
func (d publicData) CountyCounts(ctx context.Context) ([]portal.CountyCount, error) {
	return remember(ctx, d.memo, "county-counts", d.st.CountyCounts)
}

// Counties is the store's.
func (d publicData) Counties(ctx context.Context) ([]portal.County, error) {
	return remember(ctx, d.memo, "counties", d.st.Counties)
}

// SearchOrganisations is the store's. The lists without search words (all
// organisations, or one county's) are kept; searches are not, as there is
// no end to them.
func (d publicData) SearchOrganisations(ctx context.Context, f store.OrganisationFilter) ([]portal.Organisation, error) {
	if f.Query != "" {
		return d.st.SearchOrganisations(ctx, f)
	}
	return remember(ctx, d.memo, "organisations:"+f.CountyCode+":"+strconv.Itoa(f.Limit),
		func(ctx context.Context) ([]portal.Organisation, error) { return d.st.SearchOrganisations(ctx, f) })
}

// PublicParticipations is the store's, for one round or (0) all.
func (d publicData) PublicParticipations(ctx context.Context, roundID int64) ([]portal.PublicParticipation, error) {
	return remember(ctx, d.memo, "public-participations:"+strconv.FormatInt(roundID, 10),
		func(ctx context.Context) ([]portal.PublicParticipation, error) {
			return d.st.PublicParticipations(ctx, roundID)
		})
}

// RoundOverview is the store's, for the round with this id. Staff pages use
// it too: it holds only tables whose changes are announced, and a write
// through this instance forgets it at once. The round is loaded again
// inside, so what is kept never mixes versions.
func (d publicData) RoundOverview(ctx context.Context, roundID int64) (portal.RoundOverview, error) {
	return remember(ctx, d.memo, "round-overview:"+strconv.FormatInt(roundID, 10), func(ctx context.Context) (portal.RoundOverview, error) {
		round, err := d.st.RoundByID(ctx, roundID)
		if err != nil {
			return portal.RoundOverview{}, err
		}
		return d.st.RoundOverview(ctx, round)
	})
}

// RoundMeetings is the store's.
func (d publicData) RoundMeetings(ctx context.Context, roundID int64) ([]portal.LearningMeeting, error) {
	return remember(ctx, d.memo, "round-meetings:"+strconv.FormatInt(roundID, 10), func(ctx context.Context) ([]portal.LearningMeeting, error) {
		return d.st.RoundMeetings(ctx, roundID)
	})
}

// HomeMap is the map of every organisation that has taken part.
func (d publicData) HomeMap(ctx context.Context) (geo.Map, error) {
	return remember(ctx, d.memo, "home-map", func(ctx context.Context) (geo.Map, error) {
		all, err := d.PublicParticipations(ctx, 0)
		if err != nil {
			return geo.Map{}, err
		}
		parts := make([]portal.Participation, len(all))
		for i, p := range all {
			parts[i] = p.Participation
		}
		return geo.Build(parts), nil
	})
}

// HomeView is what the start page shows, its map drawn in the context's
// language and kept per language; its parts are kept on their own.
func (d publicData) HomeView(ctx context.Context) (web.HomeView, error) {
	return remember(ctx, d.memo, "home:"+web.LangKey(ctx), func(ctx context.Context) (web.HomeView, error) {
		var v web.HomeView
		var err error
		if v.Rounds, err = d.Rounds(ctx); err != nil {
			return v, err
		}
		if v.Organisations, err = d.CountParticipatingOrganisations(ctx); err != nil {
			return v, err
		}
		if v.Map, err = d.HomeMap(ctx); err != nil {
			return v, err
		}
		v.MapDrawing, err = web.DrawHomeMap(ctx, v.Map)
		return v, err
	})
}

// RoundView is what the page of the round with this slug shows, its map
// drawn in the context's language; the error is store.ErrNotFound when
// there is none.
func (d publicData) RoundView(ctx context.Context, slug string) (web.RoundView, error) {
	return remember(ctx, d.memo, "round:"+slug+":"+web.LangKey(ctx), func(ctx context.Context) (web.RoundView, error) {
		v, err := d.roundData(ctx, slug)
		if err != nil {
			return v, err
		}
		if v.MapDrawing, err = web.DrawRoundMap(ctx, v.Overview.Round, v.Map); err != nil {
			return v, err
		}
		v.TracksDrawing, err = web.DrawRoundTracks(ctx, v)
		return v, err
	})
}

func (d publicData) roundData(ctx context.Context, slug string) (web.RoundView, error) {
	return remember(ctx, d.memo, "round-data:"+slug, func(ctx context.Context) (web.RoundView, error) {
		var v web.RoundView
		round, err := d.RoundBySlug(ctx, slug)
		if err != nil {
			return v, err
		}
		if v.Overview, err = d.st.RoundOverview(ctx, round); err != nil {
			return v, err
		}
		if v.Meetings, err = d.st.RoundMeetings(ctx, round.ID); err != nil {
			return v, err
		}
		if v.Record, err = d.st.RoundRecord(ctx, round.ID); err != nil {
			return v, err
		}
		v.Map = geo.Build(v.Overview.Participations)
		counts, err := d.exampleCounts(ctx)
		v.Examples = counts.byRound[round.ID]
		return v, err
	})
}

// OrganisationView is what the page of the organisation with this slug
// shows, its part of the lineage drawn in the context's language; the
// error is store.ErrNotFound when there is none.
func (d publicData) OrganisationView(ctx context.Context, slug string) (web.OrganisationView, error) {
	return remember(ctx, d.memo, "organisation:"+slug+":"+web.LangKey(ctx), func(ctx context.Context) (web.OrganisationView, error) {
		v, err := d.organisationData(ctx, slug)
		if err != nil || v.Lineage.Empty() {
			return v, err
		}
		v.LineageDrawing, err = web.DrawOrganisationLineage(ctx, v.Organisation, v.Lineage)
		return v, err
	})
}

func (d publicData) organisationData(ctx context.Context, slug string) (web.OrganisationView, error) {
	return remember(ctx, d.memo, "organisation-data:"+slug, func(ctx context.Context) (web.OrganisationView, error) {
		var v web.OrganisationView
		var err error
		if v.Organisation, err = d.st.OrganisationBySlug(ctx, slug); err != nil {
			return v, err
		}
		history, err := d.st.OrganisationHistory(ctx, v.Organisation.ID)
		if err != nil {
			return v, err
		}
		for _, e := range history {
			if !e.Round.Draft() {
				v.History = append(v.History, e)
			}
		}
		if v.Parent, v.Districts, err = d.st.OrganisationFamily(ctx, v.Organisation); err != nil {
			return v, err
		}
		if len(v.History) > 0 {
			if v.Sources, err = d.st.OrganisationSources(ctx, v.Organisation.ID); err != nil {
				return v, err
			}
			if v.Lineage, err = d.Lineage(ctx, v.Organisation.ID); err != nil {
				return v, err
			}
		}
		counts, err := d.exampleCounts(ctx)
		v.Examples = counts.byOrganisation[v.Organisation.ID]
		return v, err
	})
}

// exampleCounts are the approved learning examples per round and per
// organisation, for the links from their pages.
type exampleCounts struct{ byRound, byOrganisation map[int64]int }

func (d publicData) exampleCounts(ctx context.Context) (exampleCounts, error) {
	return remember(ctx, d.memo, "example-counts", func(ctx context.Context) (exampleCounts, error) {
		r, o, err := d.st.ExampleCounts(ctx)
		return exampleCounts{r, o}, err
	})
}

// lineageInput is every round in order and every mentor link.
type lineageInput struct {
	rounds []portal.Round
	links  []portal.LineageLink
}

func (d publicData) lineageInput(ctx context.Context) (lineageInput, error) {
	return remember(ctx, d.memo, "lineage-links", func(ctx context.Context) (lineageInput, error) {
		summaries, err := d.Rounds(ctx)
		if err != nil {
			return lineageInput{}, err
		}
		in := lineageInput{rounds: make([]portal.Round, len(summaries))}
		for i, rs := range summaries {
			in.rounds[i] = rs.Round
		}
		in.links, err = d.st.Lineage(ctx)
		return in, err
	})
}

// LineageView is what the lineage page shows, drawn in the context's
// language.
func (d publicData) LineageView(ctx context.Context) (web.LineageView, error) {
	return remember(ctx, d.memo, "lineage-page:"+web.LangKey(ctx), func(ctx context.Context) (web.LineageView, error) {
		var v web.LineageView
		var err error
		if v.Graph, err = d.Lineage(ctx, 0); err != nil || v.Graph.Empty() {
			return v, err
		}
		v.Drawing, err = web.DrawLineage(ctx, v.Graph)
		return v, err
	})
}

// Lineage is the layout of every mentor link, or with orgID not 0, of
// those in that organisation's lines.
func (d publicData) Lineage(ctx context.Context, orgID int64) (lineage.Graph, error) {
	return remember(ctx, d.memo, "lineage:"+strconv.FormatInt(orgID, 10), func(ctx context.Context) (lineage.Graph, error) {
		in, err := d.lineageInput(ctx)
		if err != nil {
			return lineage.Graph{}, err
		}
		links := in.links
		if orgID != 0 {
			links = lineage.Filter(links, orgID)
		}
		return lineage.Layout(in.rounds, links, orgID), nil
	})
}
