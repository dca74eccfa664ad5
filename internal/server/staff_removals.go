package server

import (
	"context"
	"net/http"
	"strings"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// Removals undo what was entered by mistake: an admission, a group, a
// mentor link, a meeting, an outcome in a meeting's minutes. Each asks
// first on a page that says what goes with it, and is refused, with the
// reason, where it would destroy recorded history. Withdrawing a
// participation stays its own act.

// historyReason says why a removal is refused, naming what is recorded.
func historyReason(r portal.Removal, instead string) string {
	var what []string
	if r.Delegates > 0 {
		what = append(what, web.Plural(r.Delegates, "delegat", "delegater"))
	}
	if r.Works > 0 {
		what = append(what, web.Plural(r.Works, "förbättringsarbete", "förbättringsarbeten"))
	}
	if r.Attendance > 0 {
		what = append(what, web.Plural(r.Attendance, "registrerad närvaro", "registrerade närvaron"))
	}
	if r.Citations > 0 {
		what = append(what, web.Plural(r.Citations, "källa", "källor"))
	}
	if r.Minutes > 0 {
		what = append(what, web.Plural(r.Minutes, "protokoll eller utfall", "protokoll och utfall"))
	}
	if r.Invited > 0 {
		what = append(what, web.Plural(r.Invited, "skickad inbjudan", "skickade inbjudningar"))
	}
	return "Det går inte att ta bort: " + web.JoinAnd(what) + " är registrerade, och de hör till programmets historia. " + instead
}

// askInRound completes v, the page that asks before a thing of a round is
// removed: the form posts to action at the version shown, "Avbryt" leads
// to cancel, and the removal is refused, saying why and what to do
// instead, when facts record history.
func askInRound(v web.ConfirmView, action, cancel string, version int, facts portal.Removal, instead string) web.ConfirmView {
	v.Action, v.Version, v.Cancel = action, version, cancel
	if facts.HasHistory() {
		v.Refused = historyReason(facts, instead)
	}
	return v
}

func (s *Server) participationRemoval(r *http.Request) (removable, error) {
	round, p, err := s.loadParticipation(r)
	if err != nil {
		return removable{}, err
	}
	removal, err := s.Store.ParticipationRemoval(r.Context(), p.ID)
	if err != nil {
		return removable{}, err
	}
	name := p.Organisation.Name
	page := web.ParticipationPath(round.ID, p.ID)
	v := web.ConfirmView{
		Title:  "Ta bort " + name + " ur " + round.Name + "?",
		Crumbs: web.StaffCrumbs(&round, "Ta bort "+name),
		Lead:   []string{name + " tas bort ur omgången som om antagningen aldrig gjorts. Det loggas i ändringshistoriken."},
		Button: "Ta bort " + name,
	}
	if len(removal.Groups) > 0 {
		v.Lead = append(v.Lead, "Med den försvinner platsen i gruppen "+web.JoinAnd(removal.Groups)+".")
	}
	if len(removal.Mentored) > 0 {
		v.Lead = append(v.Lead, "Med den försvinner mentorskapet för "+web.JoinAnd(removal.Mentored)+".")
	}
	return removable{
		confirm: askInRound(v, page+"/ta-bort", page, p.Version, removal,
			"Om organisationen har lämnat programmet: markera deltagandet som avbrutet i stället."),
		remove: func(ctx context.Context, a store.Actor, version int) error {
			return s.Store.RemoveParticipation(ctx, a, p.ID, version)
		},
		back:    web.StaffRoundPath(round.ID, "/deltagare"),
		done:    name + " är borttagen ur omgången.",
		refused: name + " har registrerad historik och togs inte bort. Markera deltagandet som avbrutet i stället.",
	}, nil
}

func (s *Server) groupRemoval(r *http.Request) (removable, error) {
	round, g, err := s.loadGroup(r)
	if err != nil {
		return removable{}, err
	}
	removal, err := s.Store.GroupRemoval(r.Context(), g.ID)
	if err != nil {
		return removable{}, err
	}
	goes := "gruppen"
	if removal.MentorLinks > 0 {
		goes += " och dess " + web.Plural(removal.MentorLinks, "mentorkoppling", "mentorkopplingar")
	}
	if removal.Meetings > 0 {
		goes += " och " + web.Plural(removal.Meetings, "egen träff", "egna träffar")
	}
	page := web.GroupPath(round.ID, g.ID)
	v := web.ConfirmView{
		Title:  "Ta bort gruppen " + g.Label + "?",
		Crumbs: web.StaffCrumbs(&round, "Ta bort "+g.Label),
		Lead:   []string{"Det här tas bort: " + goes + ". Det loggas i ändringshistoriken."},
		Button: "Ta bort gruppen",
	}
	if len(removal.Members) > 0 {
		v.Lead = append(v.Lead, web.JoinAnd(removal.Members)+" är kvar i omgången, utan grupp.")
	}
	return removable{
		confirm: askInRound(v, page+"/ta-bort", page, g.Version, removal, "Gruppen finns kvar."),
		remove: func(ctx context.Context, a store.Actor, version int) error {
			return s.Store.RemoveGroup(ctx, a, g.ID, version)
		},
		back:    web.StaffRoundPath(round.ID, ""),
		done:    "Gruppen " + g.Label + " är borttagen.",
		refused: "Gruppen " + g.Label + " har registrerad historik och togs inte bort.",
	}, nil
}

// loadMentor loads the {round} and {group} of the URL and the group's
// mentor {organisation}.
func (s *Server) loadMentor(r *http.Request) (portal.Round, portal.BenchmarkingGroup, portal.Mentor, error) {
	round, g, err := s.loadGroup(r)
	if err != nil {
		return round, g, portal.Mentor{}, err
	}
	if orgID, ok := idParam(r, "organisation"); ok {
		for _, m := range g.Mentors {
			if m.Organisation.ID == orgID {
				return round, g, m, nil
			}
		}
	}
	return round, g, portal.Mentor{}, errNotFound
}

func (s *Server) mentorRemoval(r *http.Request) (removable, error) {
	round, g, mentor, err := s.loadMentor(r)
	if err != nil {
		return removable{}, err
	}
	orgID := mentor.Organisation.ID
	name := mentor.Organisation.Name
	groupPage := web.GroupPath(round.ID, g.ID)
	removal, err := s.Store.MentorRemoval(r.Context(), g.ID, orgID)
	if err != nil {
		return removable{}, err
	}
	v := web.ConfirmView{
		Title:  "Ta bort " + name + " som mentor för " + g.Label + "?",
		Crumbs: web.StaffCrumbs(&round, "Ta bort mentor"),
		Lead: []string{"Kopplingen mellan " + name + " och gruppen " + g.Label + " tas bort. " +
			name + " är kvar i omgången och kan vara mentor för andra grupper. Det loggas i ändringshistoriken."},
		Button: "Ta bort " + name + " som mentor",
	}
	return removable{
		confirm: askInRound(v, web.MentorRemovalPath(round.ID, g.ID, orgID), groupPage, g.Version, removal,
			"Kopplingen finns kvar."),
		remove: func(ctx context.Context, a store.Actor, version int) error {
			return s.Store.RemoveMentor(ctx, a, g.ID, orgID, version)
		},
		back:    groupPage,
		done:    name + " är borttagen som mentor för gruppen.",
		refused: "Källor är registrerade för " + name + " som mentor för gruppen; kopplingen togs inte bort.",
	}, nil
}

func (s *Server) meetingRemoval(r *http.Request) (removable, error) {
	round, m, err := s.loadMeeting(r)
	if err != nil {
		return removable{}, err
	}
	removal, err := s.Store.MeetingRemoval(r.Context(), m.ID)
	if err != nil {
		return removable{}, err
	}
	what := "Lärandeträffen " + web.LongDate(m.HeldOn)
	if m.Place != "" {
		what += " i " + m.Place
	}
	page := web.MeetingPath(round.ID, m.ID)
	v := web.ConfirmView{
		Title:  "Ta bort lärandeträffen " + web.LongDate(m.HeldOn) + "?",
		Crumbs: web.StaffCrumbs(&round, "Ta bort lärandeträff"),
		Lead:   []string{strings.TrimSpace(what) + " tas bort ur omgången. Det loggas i ändringshistoriken."},
		Button: "Ta bort lärandeträffen",
	}
	return removable{
		confirm: askInRound(v, page+"/ta-bort", page, m.Version, removal,
			"Rätta datum eller plats i stället, eller ställ in träffen, så får de inbjudna besked."),
		remove: func(ctx context.Context, a store.Actor, version int) error {
			return s.Store.RemoveMeeting(ctx, a, m.ID, version)
		},
		back:    web.StaffRoundPath(round.ID, ""),
		done:    "Lärandeträffen " + web.LongDate(m.HeldOn) + " är borttagen.",
		refused: "Lärandeträffen har registrerad historik och togs inte bort.",
	}, nil
}

// outcomeRemoval is an outcome of the place's minutes recorded by mistake,
// removed for good after the page that asks first.
func (s *Server) outcomeRemoval(place func(*http.Request) (minutesPlace, error)) func(*http.Request) (removable, error) {
	return func(r *http.Request) (removable, error) {
		p, o, err := s.placeOutcome(r, place)
		if err != nil {
			return removable{}, err
		}
		what := web.OutcomeKindName(o.Kind)
		v := web.ConfirmView{
			Title:  "Ta bort " + strings.ToLower(what) + " ur protokollet?",
			Lead:   []string{what + ": ”" + o.Body + "”. Det loggas i ändringshistoriken."},
			Action: web.OutcomePath(p.base, o.ID, "ta-bort"),
			Button: "Ta bort " + strings.ToLower(what), Cancel: p.base,
		}
		if o.Kind == portal.OutcomeTask && o.DoneAt == nil {
			v.Lead = append(v.Lead, "Uppgiften försvinner från "+o.OwnerName+"s sida.")
		}
		if p.host != nil {
			v.Crumbs = web.ContactCrumbs(*p.host, "Ta bort utfall")
		} else {
			v.Crumbs = web.StaffCrumbs(&p.round, "Ta bort utfall")
		}
		return removable{
			confirm: v,
			// An outcome has no version: what the page showed is what goes.
			remove: func(ctx context.Context, a store.Actor, _ int) error { return s.Store.RemoveOutcome(ctx, a, o.ID) },
			back:   p.base,
			done:   what + " ”" + o.Body + "” är borttagen.",
		}, nil
	}
}
