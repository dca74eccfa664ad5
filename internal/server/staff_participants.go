package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) participantsView(r *http.Request, round portal.Round, query, county string) (web.ParticipantsView, error) {
	ctx := r.Context()
	v := web.ParticipantsView{Round: round, Query: query, County: county}
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
	if v.Counties, err = s.public().Counties(ctx); err != nil {
		return v, err
	}
	if query != "" || county != "" {
		v.Searched = true
		v.Results, v.Hidden, err = s.searchToAdmit(r, round.ID, store.OrganisationFilter{Query: query, CountyCode: county, Limit: 50})
	}
	return v, err
}

func (s *Server) participants(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	county := r.URL.Query().Get("lan")
	if !countyCode.MatchString(county) {
		county = ""
	}
	v, err := s.participantsView(r, round, cleanText(r.URL.Query().Get("q"), 100), county)
	if err != nil {
		return err
	}
	v.Form.Track = string(round.Tracks[0])
	v.Flash = s.popFlash(r)
	return s.render(w, r, http.StatusOK, web.Participants(v))
}

func (s *Server) admit(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	county := r.PostFormValue("lan")
	if !countyCode.MatchString(county) {
		county = ""
	}
	v, err := s.participantsView(r, round, formText(r, "q", 100), county)
	if err != nil {
		return err
	}
	f := readAdmitForm(r)
	v.Form = f
	p := portal.Participation{RoundID: round.ID, Role: portal.Role(f.Role), Track: portal.Track(f.Track),
		DecisionReference: f.DecisionReference}
	org, err := s.chosenOrganisation(r, f.OrganisationID)
	if err != nil {
		return err
	}
	admitted, err := s.admittedOrganisations(r, round.ID)
	if err != nil {
		return err
	}
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
	if p.Role != portal.RoleParticipant && p.Role != portal.RoleMentor {
		v.Errors.Add("role", "Välj roll.")
	}
	if !round.HasTrack(p.Track) {
		v.Errors.Add("track", "Välj ett av omgångens spår.")
	} else if msg := portal.TrackMismatch(org, p.Track); org.ID != 0 && msg != "" {
		v.Errors.Add("track", msg)
	}
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
			if p.Role == portal.RoleParticipant && (p.DecisionOn == nil || p.DecisionReference == "") {
				msg += " Observera: det politiska beslutet om jämställdhetsintegrering saknas ännu."
			}
			return s.seeOther(w, r, web.StaffRoundPath(round.ID, "/deltagare"), msg)
		}
	}
	return formAgain(web.Participants(v), nil)
}

// chosenOrganisation looks up the organisation a form field names by id. A
// missing, malformed or unknown id gives the zero Organisation, which the
// caller reports beside the field; only a database failure is an error.
func (s *Server) chosenOrganisation(r *http.Request, value string) (portal.Organisation, error) {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil || id <= 0 {
		return portal.Organisation{}, nil
	}
	org, err := s.Store.OrganisationByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return portal.Organisation{}, nil
	}
	return org, err
}

// loadParticipation loads the {round} of the URL and the {participation} of the URL, which must
// belong to it.
func (s *Server) loadParticipation(r *http.Request) (portal.Round, portal.Participation, error) {
	return loadRoundAnd(s, r, "participation", s.Store.ParticipationByID, participationRoundID)
}

// participationFormValues is the participation form filled with a participation as stored.
func participationFormValues(p portal.Participation) web.ParticipationForm {
	return web.ParticipationForm{Version: strconv.Itoa(p.Version), AdmittedOn: dateString(p.AdmittedOn),
		DecisionOn: dateString(p.DecisionOn), DecisionReference: p.DecisionReference, Note: p.Note,
		Withdrawn: p.Withdrawn, WithdrawnOn: dateString(p.WithdrawnOn), WithdrawalReason: p.WithdrawalReason}
}

func decisionWarning(p portal.Participation) string {
	if p.Role == portal.RoleParticipant && !p.Withdrawn && (p.DecisionOn == nil || p.DecisionReference == "") {
		return "Det politiska beslutet om att all verksamhet ska jämställdhetsintegreras är inte registrerat. Det är villkoret för att delta."
	}
	return ""
}

func (s *Server) showParticipation(w http.ResponseWriter, r *http.Request) error {
	round, p, err := s.loadParticipation(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.ParticipationPage(web.ParticipationView{Round: round, Participation: p,
		Form: participationFormValues(p), Warning: decisionWarning(p), Flash: s.popFlash(r)}))
}

func (s *Server) updateParticipation(w http.ResponseWriter, r *http.Request) error {
	round, stored, err := s.loadParticipation(r)
	if err != nil {
		return err
	}
	f := readParticipationForm(r)
	v := web.ParticipationView{Round: round, Participation: stored, Form: f}
	p := stored
	p.Version = parseVersion(f.Version)
	p.AdmittedOn = formDate(&v.Errors, r, "admitted_on", "Antagningsdatumet")
	p.DecisionOn = formDate(&v.Errors, r, "decision_on", "Beslutsdatumet")
	p.DecisionReference, p.Note = f.DecisionReference, f.Note
	if stored.Role == portal.RoleParticipant {
		p.Withdrawn = f.Withdrawn
		p.WithdrawnOn = formDate(&v.Errors, r, "withdrawn_on", "Datumet")
		p.WithdrawalReason = f.WithdrawalReason
		if p.Withdrawn && p.WithdrawnOn == nil && v.Errors.Get("withdrawn_on") == "" {
			v.Errors.Add("withdrawn_on", "Ange när deltagandet avbröts.")
		}
		if p.Withdrawn && p.WithdrawalReason == "" {
			v.Errors.Add("withdrawal_reason", "Ange varför deltagandet avbröts.")
		}
		if !p.Withdrawn && (p.WithdrawnOn != nil || p.WithdrawalReason != "") {
			v.Errors.Add("withdrawn", "Kryssa i att deltagandet är avbrutet, eller töm datum och orsak.")
		}
		if p.Withdrawn && p.WithdrawnOn != nil && p.AdmittedOn != nil && p.WithdrawnOn.Before(*p.AdmittedOn) {
			v.Errors.Add("withdrawn_on", "Deltagandet kan inte avbrytas före antagningen.")
		}
		if !p.Withdrawn {
			p.WithdrawnOn, p.WithdrawalReason = nil, ""
		}
	}
	if len(v.Errors) == 0 {
		saved, err := s.Store.UpdateParticipation(r.Context(), actorOf(r), p)
		theirs, lost := theirForm(err, participationFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f), theirs.Version
		case err != nil:
			return err
		default:
			msg := "Ändringarna för " + saved.Organisation.Name + " är sparade."
			if warn := decisionWarning(saved); warn != "" {
				msg += " " + warn
			}
			return s.seeOther(w, r, web.StaffRoundPath(round.ID, ""), msg)
		}
	}
	return formAgain(web.ParticipationPage(v), v.Conflict)
}

func participationRoundID(x portal.Participation) int64 { return x.RoundID }

// readParticipationForm reads the participation form as typed.
func readParticipationForm(r *http.Request) web.ParticipationForm {
	return web.ParticipationForm{Version: formText(r, "version", 10), AdmittedOn: formText(r, "admitted_on", 20),
		DecisionOn: formText(r, "decision_on", 20), DecisionReference: formText(r, "decision_reference", 200),
		Note: formText(r, "note", 2000), Withdrawn: r.PostFormValue("withdrawn") == "yes",
		WithdrawnOn: formText(r, "withdrawn_on", 20), WithdrawalReason: formText(r, "withdrawal_reason", 500)}
}

// readAdmitForm reads the admission form as typed.
func readAdmitForm(r *http.Request) web.AdmitForm {
	return web.AdmitForm{OrganisationID: formText(r, "organisation", 20), Role: formText(r, "role", 20),
		Track: formText(r, "track", 20), AdmittedOn: formText(r, "admitted_on", 20),
		DecisionOn: formText(r, "decision_on", 20), DecisionReference: formText(r, "decision_reference", 200)}
}
