package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// groupView is the page of the URL's group, its form as stored, or with no
// {group} in the URL a new group's, its form set for the round's first
// track. It offers the round's participants of the track that are free to
// join (or already in this group), and the organisations that may mentor,
// those of earlier rounds first.
func (s *Server) groupView(r *http.Request) (web.GroupView, error) {
	round, g, err := roundAndOptional(s, r, "group", s.Store.GroupByID, groupRoundID)
	if err != nil {
		return web.GroupView{}, err
	}
	ctx := r.Context()
	v := web.GroupView{Round: round, Group: g, MentorQuery: cleanText(r.FormValue("mentor_q"), 100),
		Form: web.GroupForm{Track: string(round.Tracks[0])}}
	if g != nil {
		v.Form = groupFormValues(*g)
	}
	ov, err := s.public().RoundOverview(ctx, round.ID)
	if err != nil {
		return v, err
	}
	taken := map[int64]bool{}
	for _, og := range ov.Groups {
		if g != nil && og.ID == g.ID {
			continue
		}
		for _, m := range og.Members {
			taken[m.ID] = true
		}
	}
	for _, p := range ov.Participations {
		if p.Role == portal.RoleParticipant && !taken[p.ID] && (g == nil || p.Track == g.Track) {
			v.Candidates = append(v.Candidates, p)
		}
	}
	if g != nil {
		v.MentorCandidates, err = s.keptMentorCandidates(ctx, store.MentorFilter{GroupID: g.ID, Track: g.Track,
			StartYear: round.StartYear, Query: v.MentorQuery, Limit: 25})
	}
	return v, err
}

// groupFormValues is the group form filled with a benchmarking group as stored.
func groupFormValues(g portal.BenchmarkingGroup) web.GroupForm {
	f := web.GroupForm{Version: g.Version, Label: g.Label, Track: string(g.Track),
		FocusArea: g.FocusArea, Administration: g.Administration}
	for _, m := range g.Members {
		f.Members = append(f.Members, strconv.FormatInt(m.ID, 10))
	}
	return f
}

// loadGroup loads the {round} of the URL and the {group} of the URL, which must
// belong to it.
func (s *Server) loadGroup(r *http.Request) (portal.Round, portal.BenchmarkingGroup, error) {
	return loadRoundAnd(s, r, "group", s.Store.GroupByID, groupRoundID)
}

// groupPage is the group's page as stored. With no search for a mentor
// typed it follows the data alone, so it is kept per version with its
// member and mentor choices drawn.
func (s *Server) groupPage(r *http.Request) (web.GroupView, error) {
	if r.FormValue("mentor_q") != "" {
		return s.groupView(r)
	}
	key := "group-page:" + chi.URLParam(r, "round") + ":" + chi.URLParam(r, "group")
	return remember(r.Context(), s.memo, key, func(ctx context.Context) (web.GroupView, error) {
		v, err := s.groupView(r.WithContext(ctx))
		if err != nil {
			return v, err
		}
		v.MemberChoicesDrawing, v.MentorChoicesDrawing, err = web.DrawGroupChoices(ctx, v)
		return v, err
	})
}

// saveGroup creates a group (no {group} in the URL) or updates one.
func (s *Server) saveGroup(w http.ResponseWriter, r *http.Request) error {
	v, err := s.groupView(r)
	if err != nil {
		return err
	}
	round, stored := v.Round, v.Group
	f := readGroupForm(r)
	v.Form = f
	g := portal.BenchmarkingGroup{RoundID: round.ID, Label: f.Label, Track: portal.Track(f.Track),
		FocusArea: f.FocusArea, Administration: f.Administration}
	if stored != nil {
		g.ID, g.Track = stored.ID, stored.Track
		g.Version = f.Version
	}
	fe := portal.FieldErrors{}
	fe.Required("label", g.Label, "Ange ett namn på gruppen.", "namnet", 200)
	fe.MaxLen("focus_area", g.FocusArea, "fokusområdet", 200)
	fe.MaxLen("administration", g.Administration, "förvaltningen", 200)
	if !round.HasTrack(g.Track) {
		fe.Add("track", "Välj ett av omgångens spår.")
	}
	members := ids(f.Members)
	if len(members) == 0 {
		fe.Add("members", "Välj gruppens deltagare, normalt två eller tre.")
	}
	if msg, err := s.foreignMember(r, round, members); err != nil {
		return err
	} else if msg != "" {
		fe.Add("members", msg)
	}
	v.Errors = formErrors(fe, "label", "track", "members", "focus_area", "administration")
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveGroup(r.Context(), actorOf(r), g, members)
		theirs, lost := theirForm(err, groupFormValues)
		var membership *store.MembershipError
		switch {
		case lost:
			names, err := s.participationNames(r.Context(), round.ID)
			if err != nil {
				return err
			}
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, names), theirs.Version
		case errors.As(err, &membership):
			if membership.OtherGroup != "" {
				v.Errors.Add("members", membership.Organisation+" är redan med i gruppen "+membership.OtherGroup+". En organisation kan bara vara med i en grupp per omgång.")
			} else {
				v.Errors.Add("members", membership.Organisation+" är inte deltagare i gruppens spår i den här omgången.")
			}
		case errors.Is(err, store.ErrDuplicate):
			v.Errors.Add("label", "Det finns redan en grupp med det namnet i omgången.")
		case err != nil:
			return err
		default:
			msg := "Gruppen " + saved.Label + " är sparad."
			if !saved.SizeOK() {
				msg += " Observera: gruppen har " + strconv.Itoa(len(saved.Members)) + " deltagare; normalt är två eller tre."
			}
			return s.seeOther(w, r, web.GroupPath(round.ID, saved.ID), msg)
		}
	}
	return formAgain(web.GroupPage(v), v.Conflict)
}

// foreignMember names a chosen member that is not a participation of the
// round: a group's members come from the round's own participants.
func (s *Server) foreignMember(r *http.Request, round portal.Round, members []int64) (string, error) {
	for _, id := range members {
		p, err := s.Store.ParticipationByID(r.Context(), id)
		if errors.Is(err, store.ErrNotFound) {
			return "Ett av de valda deltagandena finns inte längre. Välj bland omgångens deltagare.", nil
		}
		if err != nil {
			return "", err
		}
		if p.RoundID != round.ID {
			return p.Organisation.Name + " är inte antagen i den här omgången. Gruppens deltagare väljs bland omgångens egna deltagare.", nil
		}
	}
	return "", nil
}

func (s *Server) addMentor(w http.ResponseWriter, r *http.Request) error {
	v, err := s.groupView(r)
	if err != nil {
		return err
	}
	round, g := v.Round, *v.Group
	v.Mentor = readMentorForm(r)
	kind := portal.MentorKind(v.Mentor.Kind)
	if kind != portal.MentorPrimary && kind != portal.MentorSupporting {
		v.MentorErrors.Add("mentor_kind", "Välj om organisationen är mentor eller stödjande mentor.")
	}
	org, err := s.chosenOrganisation(r, v.Mentor.OrganisationID)
	if err != nil {
		return err
	}
	if org.ID == 0 {
		v.MentorErrors.Add("mentor_organisation", "Välj vilken organisation som ska vara mentor.")
	} else {
		offered := false
		for _, c := range v.MentorCandidates {
			offered = offered || c.Organisation.ID == org.ID
		}
		if !offered {
			// Keep the choice on the page when the form comes back.
			v.MentorCandidates = append([]portal.MentorCandidate{{Organisation: org, DistanceKM: -1}}, v.MentorCandidates...)
		}
		for _, m := range g.Members {
			if m.Organisation.ID == org.ID {
				v.MentorErrors.Add("mentor_organisation", org.Name+" är deltagare i gruppen och kan inte också vara dess mentor.")
			}
		}
		earlier, err := s.Store.TookPartBefore(r.Context(), org.ID, round.StartYear)
		if err != nil {
			return err
		}
		if !earlier && v.Mentor.OverrideReason == "" {
			v.MentorErrors.Add("override_reason", org.Name+" har inte deltagit i någon tidigare omgång. En mentor ska ha gjort det; ange skälet om den ändå ska vara mentor.")
		}
		if earlier {
			// A reason is only recorded for a real exception.
			v.Mentor.OverrideReason = ""
		}
	}
	if len(v.MentorErrors) == 0 {
		err := s.Store.AddMentor(r.Context(), actorOf(r), g.ID, org.ID, kind, v.Mentor.OverrideReason)
		switch {
		case errors.Is(err, store.ErrDuplicate):
			v.MentorErrors.Add("mentor_organisation", org.Name+" är redan mentor för gruppen.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.GroupPath(round.ID, g.ID), org.Name+" är tillagd som mentor.")
		}
	}
	return formAgain(web.GroupPage(v), nil)
}

func groupRoundID(x portal.BenchmarkingGroup) int64 { return x.RoundID }

// readMentorForm reads the form for adding a mentor as typed.
func readMentorForm(r *http.Request) web.MentorForm {
	return web.MentorForm{OrganisationID: formText(r, "mentor_organisation", 20), Kind: formText(r, "mentor_kind", 20),
		OverrideReason: formText(r, "override_reason", 500)}
}

// readGroupForm reads the group form as typed.
func readGroupForm(r *http.Request) web.GroupForm {
	return web.GroupForm{Version: postedVersion(r), Label: formText(r, "label", 300), Track: formText(r, "track", 20),
		FocusArea: formText(r, "focus_area", 300), Administration: formText(r, "administration", 300), Members: formValues(r, "members")}
}

// participationNames names a round's participations by their
// organisations, for a group's conflict notice.
func (s *Server) participationNames(ctx context.Context, roundID int64) (web.Names, error) {
	ov, err := s.public().RoundOverview(ctx, roundID)
	names := map[string]string{}
	for _, p := range ov.Participations {
		names[strconv.FormatInt(p.ID, 10)] = p.Organisation.Name
	}
	return web.Names{"participations": names}, err
}
