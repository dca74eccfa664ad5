package server

// Admitting organisations to a round: the participants page with its
// search, one admission at a time, and several at once.

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// admissionSearch runs the request's search for organisations to admit to
// the round, at most limit of them. The search is in the address on the
// page, and in the form when it is posted, which carries it along.
func (s *Server) admissionSearch(r *http.Request, round portal.Round, limit int) (web.AdmissionSearch, error) {
	v := web.AdmissionSearch{Query: cleanText(r.FormValue("q"), 100), County: searchCounty(r.FormValue("lan"))}
	var err error
	if v.Counties, err = s.public().Counties(r.Context()); err != nil {
		return v, err
	}
	if v.Query == "" && v.County == "" {
		return v, nil
	}
	v.Searched = true
	v.Results, v.Hidden, err = s.searchToAdmit(r, round.ID, store.OrganisationFilter{Query: v.Query, CountyCode: v.County, Limit: limit})
	return v, err
}

// participantsView is the round's participants page, with the admission
// search of the request and the form set for the round's first track.
func (s *Server) participantsView(r *http.Request) (web.ParticipantsView, error) {
	ctx := r.Context()
	round, err := s.loadRound(r)
	if err != nil {
		return web.ParticipantsView{}, err
	}
	v := web.ParticipantsView{Round: round, Form: web.AdmitForm{Track: string(round.Tracks[0])}}
	ov, err := s.public().RoundOverview(ctx, round.ID)
	if err != nil {
		return v, err
	}
	v.Participations = ov.Participations
	// The table follows the round's participants alone, so it is drawn
	// once per version of the data, as is the round's overview.
	key := "participants-table:" + strconv.FormatInt(round.ID, 10)
	v.TableDrawing, err = remember(ctx, s.memo, key, func(ctx context.Context) (templ.Component, error) {
		return web.DrawParticipantsTable(ctx, v)
	})
	if err != nil {
		return v, err
	}
	v.AdmissionSearch, err = s.admissionSearch(r, round, 50)
	return v, err
}

func (s *Server) admit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.participantsView(r)
	if err != nil {
		return err
	}
	f := readAdmitForm(r)
	v.Form = f
	p := portal.Participation{RoundID: v.Round.ID, Role: portal.Role(f.Role), Track: portal.Track(f.Track),
		DecisionReference: f.DecisionReference}
	org, err := s.chosenOrganisation(r, f.OrganisationID)
	if err != nil {
		return err
	}
	admitted := admittedRoles(v.Participations)
	if org.ID == 0 {
		v.Errors.Add("organisation", "Välj vilken organisation som ska antas.")
	} else {
		if role := admitted[org.ID]; role != "" {
			v.Errors.Add("organisation", org.Name+" är redan antagen som "+web.RoleWord(role)+" i omgången.")
		}
		if !offeredOrganisation(v.Results, org.ID) {
			// Keep the choice on the page when the form comes back.
			v.Results = append([]portal.Organisation{org}, v.Results...)
		}
	}
	p.Organisation = org
	checkRoleAndTrack(&v.Errors, v.Round, org, p.Role, p.Track)
	p.AdmittedOn = formDate(&v.Errors, r, "admitted_on", "Antagningsdatumet")
	p.DecisionOn = formDate(&v.Errors, r, "decision_on", "Beslutsdatumet")
	if len(v.Errors) == 0 {
		_, err := s.Store.Admit(r.Context(), actorOf(r), p)
		switch {
		case errors.Is(err, store.ErrDuplicate):
			v.Errors.Add("organisation", org.Name+" är redan antagen som "+web.RoleWord(p.Role)+" i omgången.")
		case err != nil:
			return err
		default:
			msg := org.Name + " är antagen som " + web.RoleWord(p.Role) + "."
			if p.Role == portal.RoleParticipant && !p.HasDecision() {
				msg += " Observera: det politiska beslutet om jämställdhetsintegrering saknas ännu."
			}
			return s.seeOther(w, r, web.StaffRoundPath(v.Round.ID, "/deltagare"), msg)
		}
	}
	return formAgain(web.Participants(v), nil)
}

// checkRoleAndTrack reports a role that is not one of a round's, a track
// the round does not run, and, when org is chosen, a track that does not
// fit it (a region in the municipal track).
func checkRoleAndTrack(errs *web.Errors, round portal.Round, org portal.Organisation, role portal.Role, track portal.Track) {
	if !role.Valid() {
		errs.Add("role", "Välj roll.")
	}
	if !round.HasTrack(track) {
		errs.Add("track", "Välj ett av omgångens spår.")
	} else if msg := portal.TrackMismatch(org, track); org.ID != 0 && msg != "" {
		errs.Add("track", msg)
	}
}

// chosenOrganisation looks up the organisation a form field names by id. A
// missing, malformed or unknown id gives the zero Organisation, which the
// caller reports beside the field; only a database failure is an error.
func (s *Server) chosenOrganisation(r *http.Request, value string) (portal.Organisation, error) {
	id, ok := parseID(value)
	if !ok {
		return portal.Organisation{}, nil
	}
	org, err := s.Store.OrganisationByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return portal.Organisation{}, nil
	}
	return org, err
}

// readAdmitForm reads the admission form as typed.
func readAdmitForm(r *http.Request) web.AdmitForm {
	return web.AdmitForm{OrganisationID: formText(r, "organisation", 20), Role: formText(r, "role", 20),
		Track: formText(r, "track", 20), AdmittedOn: formText(r, "admitted_on", 20),
		DecisionOn: formText(r, "decision_on", 20), DecisionReference: formText(r, "decision_reference", 200)}
}

// readAdmitManyForm reads the form for admitting several as typed.
func readAdmitManyForm(r *http.Request) web.AdmitManyForm {
	return web.AdmitManyForm{Organisations: formValues(r, "organisations"), Role: formText(r, "role", 20),
		Track: formText(r, "track", 20), AdmittedOn: formText(r, "admitted_on", 20)}
}

// admitManyView is the multi-admission page for the request's search: the
// organisations found that are not yet admitted to the round in any role.
func (s *Server) admitManyView(r *http.Request) (web.AdmitManyView, error) {
	round, err := s.loadRound(r)
	if err != nil {
		return web.AdmitManyView{}, err
	}
	v := web.AdmitManyView{Round: round, Form: web.AdmitManyForm{Track: string(round.Tracks[0])}}
	v.AdmissionSearch, err = s.admissionSearch(r, round, 200)
	return v, err
}

// searchToAdmit finds the organisations of an admission search, leaving
// out (and counting) those already admitted to the round in any role:
// they are not offered again.
func (s *Server) searchToAdmit(r *http.Request, roundID int64, f store.OrganisationFilter) ([]portal.Organisation, int, error) {
	admitted, err := s.admittedOrganisations(r, roundID)
	if err != nil {
		return nil, 0, err
	}
	found, err := s.Store.SearchOrganisations(r.Context(), f)
	if err != nil {
		return nil, 0, err
	}
	var out []portal.Organisation
	for _, o := range found {
		if admitted[o.ID] == "" {
			out = append(out, o)
		}
	}
	return out, len(found) - len(out), nil
}

// admittedOrganisations maps each organisation admitted to the round to
// the role it has there.
func (s *Server) admittedOrganisations(r *http.Request, roundID int64) (map[int64]portal.Role, error) {
	ov, err := s.public().RoundOverview(r.Context(), roundID)
	if err != nil {
		return nil, err
	}
	return admittedRoles(ov.Participations), nil
}

// admittedRoles maps each organisation of a round's participations to its
// role there.
func admittedRoles(ps []portal.Participation) map[int64]portal.Role {
	out := make(map[int64]portal.Role, len(ps))
	for _, p := range ps {
		out[p.Organisation.ID] = p.Role
	}
	return out
}

// admitMany checks the chosen organisations and shows them for
// confirmation; posted again with step=confirm it admits them all.
func (s *Server) admitMany(w http.ResponseWriter, r *http.Request) error {
	v, err := s.admitManyView(r)
	if err != nil {
		return err
	}
	f := readAdmitManyForm(r)
	v.Form = f
	role, track := portal.Role(f.Role), portal.Track(f.Track)
	admittedOn := formDate(&v.Errors, r, "admitted_on", "Antagningsdatumet")
	admitted, err := s.admittedOrganisations(r, v.Round.ID)
	if err != nil {
		return err
	}
	var chosen []portal.Organisation
	var problems []string
	orgs, err := s.Store.OrganisationsByIDs(r.Context(), ids(f.Organisations))
	if err != nil {
		return err
	}
	for _, org := range orgs {
		if admitted[org.ID] != "" {
			problems = append(problems, org.Name+" är redan antagen som "+web.RoleWord(admitted[org.ID])+" i omgången.")
			continue
		}
		if msg := portal.TrackMismatch(org, track); msg != "" && v.Round.HasTrack(track) {
			problems = append(problems, msg)
		}
		chosen = append(chosen, org)
	}
	switch {
	case len(problems) > 0:
		v.Errors.Add("organisations", strings.Join(problems, " "))
	case len(chosen) == 0:
		v.Errors.Add("organisations", "Kryssa i minst en organisation att anta.")
	}
	// Each organisation's own track was checked above, beside it.
	checkRoleAndTrack(&v.Errors, v.Round, portal.Organisation{}, role, track)
	// Keep the chosen organisations on the page even when the search
	// that found them is gone.
	shown := map[int64]bool{}
	for _, o := range v.Results {
		shown[o.ID] = true
	}
	for _, o := range chosen {
		if !shown[o.ID] {
			v.Results = append(v.Results, o)
		}
	}
	if len(v.Errors) > 0 {
		return formAgain(web.AdmitManyPage(v), nil)
	}
	if r.PostFormValue("step") != "confirm" {
		v.Chosen = chosen
		return s.render(w, r, http.StatusOK, web.AdmitManyPage(v))
	}
	ps := make([]portal.Participation, len(chosen))
	for i, org := range chosen {
		ps[i] = portal.Participation{RoundID: v.Round.ID, Organisation: org, Role: role, Track: track, AdmittedOn: admittedOn}
	}
	_, err = s.Store.AdmitMany(r.Context(), actorOf(r), ps)
	if errors.Is(err, store.ErrDuplicate) {
		// Someone admitted one of them meanwhile; nothing was admitted.
		v.Errors.Add("organisations", "Någon av organisationerna antogs av någon annan medan du valde; ingen antogs. Välj igen.")
		return formAgain(web.AdmitManyPage(v), nil)
	}
	if err != nil {
		return err
	}
	names := make([]string, len(chosen))
	for i, o := range chosen {
		names[i] = o.Name
	}
	msg := web.JoinAnd(names) + " är antagna som " + web.RoleWord(role) + "."
	if len(chosen) == 1 {
		msg = names[0] + " är antagen som " + web.RoleWord(role) + "."
	}
	if role == portal.RoleParticipant {
		msg += " Det politiska beslutet om jämställdhetsintegrering registreras på varje deltagares sida."
	}
	return s.seeOther(w, r, web.StaffRoundPath(v.Round.ID, "/deltagare"), msg)
}
