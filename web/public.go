package web

import (
	"context"

	"github.com/a-h/templ"

	"modellportalen/internal/geo"
	"modellportalen/internal/lineage"
	"modellportalen/internal/portal"
)

// HomeView is the start page's data.
type HomeView struct {
	Rounds        []portal.RoundSummary
	Map           geo.Map // every organisation that has taken part
	Organisations int     // organisations that have taken part in any round
	// MapDrawing, when set, is Map drawn ahead by DrawHomeMap.
	MapDrawing templ.Component
}

func homeMap(ctx context.Context, m geo.Map) templ.Component {
	return swedenMap(MapView{Map: m, Caption: t(ctx, "map.caption.all"), Label: t(ctx, "map.label.all")})
}

func roundMap(ctx context.Context, round portal.Round, m geo.Map) templ.Component {
	return swedenMap(MapView{Map: m, Caption: tf(ctx, "map.caption.round", round.Name), Label: t(ctx, "map.label")})
}

// homeLead is the start page's lead, from the first round the record holds.
func homeLead(ctx context.Context, v HomeView) string {
	if len(v.Rounds) == 0 {
		return t(ctx, "home.lead.none")
	}
	return tf(ctx, "home.lead", v.Rounds[0].StartYear)
}

func participantCount(ctx context.Context, r portal.RoundSummary) string {
	s := tn(ctx, "participants.count", r.Municipal+r.Regional+r.Mixed)
	if r.Regional > 0 {
		s += tf(ctx, "participants.split", r.Municipal, r.Regional)
	}
	if r.Mentors > 0 {
		s += tn(ctx, "mentors.count", r.Mentors)
	}
	return s
}

// RoundView is the public round page's data.
type RoundView struct {
	Overview portal.RoundOverview
	Map      geo.Map
	Meetings []portal.LearningMeeting
	Examples int // approved learning examples
	// MapDrawing, when set, is Map drawn ahead by DrawRoundMap.
	MapDrawing templ.Component
	Record     portal.RoundRecord // sources, conflicting accounts, the tracks' spans
	// TracksDrawing, when set, is the groups per track drawn ahead by
	// DrawRoundTracks.
	TracksDrawing templ.Component
}

// meetingDate is a meeting's date as precisely as it is known.
func meetingDate(m portal.LearningMeeting) portal.PartialDate {
	p := m.HeldPrecision
	if p == "" {
		p = portal.PrecisionDay
	}
	return portal.PartialDate{Time: m.HeldOn, Precision: p}
}

// OrganisationsView is the organisation search page's data.
type OrganisationsView struct {
	Query    string
	County   string
	Counties []portal.County
	Results  []portal.Organisation
}

// OrganisationView is an organisation page's data.
type OrganisationView struct {
	Organisation portal.Organisation
	History      []portal.HistoryEntry
	Lineage      lineage.Graph // the mentor links through it
	Examples     int           // approved learning examples
	// LineageDrawing, when set, is the organisation's part of the lineage
	// drawn ahead by DrawOrganisationLineage.
	LineageDrawing templ.Component
	Parent         *portal.Organisation  // a district's municipality
	Districts      []portal.Organisation // a municipality's districts that took part
	Sources        portal.RecordSources
}

// HasJointMeetings reports whether the round has meetings its public
// calendar feed would show.
func (v RoundView) HasJointMeetings() bool {
	for _, m := range v.Meetings {
		if m.Joint() {
			return true
		}
	}
	return false
}
