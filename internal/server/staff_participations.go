package server

// One participation in a round: its page, with the admission and decision
// dates and a withdrawal, and the correction of its role or track.

import (
	"errors"
	"net/http"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// loadParticipation loads the {round} of the URL and the {participation} of the URL, which must
// belong to it.
func (s *Server) loadParticipation(r *http.Request) (portal.Round, portal.Participation, error) {
	return loadRoundAnd(s, r, "participation", s.Store.ParticipationByID, participationRoundID)
}

func participationRoundID(x portal.Participation) int64 { return x.RoundID }

// participationFormValues is the participation form filled with a participation as stored.
func participationFormValues(p portal.Participation) web.ParticipationForm {
	return web.ParticipationForm{Version: p.Version, AdmittedOn: dateString(p.AdmittedOn),
		DecisionOn: dateString(p.DecisionOn), DecisionReference: p.DecisionReference, Note: p.Note,
		Withdrawn: p.Withdrawn, WithdrawnOn: dateString(p.WithdrawnOn), WithdrawalReason: p.WithdrawalReason}
}

func decisionWarning(p portal.Participation) string {
	if p.Participating() && !p.HasDecision() {
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
		Form: participationFormValues(p), Warning: decisionWarning(p)}))
}

func (s *Server) updateParticipation(w http.ResponseWriter, r *http.Request) error {
	round, stored, err := s.loadParticipation(r)
	if err != nil {
		return err
	}
	f := readParticipationForm(r)
	v := web.ParticipationView{Round: round, Participation: stored, Form: f}
	p := stored
	p.Version = f.Version
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
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, nil), theirs.Version
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

// readParticipationForm reads the participation form as typed.
func readParticipationForm(r *http.Request) web.ParticipationForm {
	return web.ParticipationForm{Version: postedVersion(r), AdmittedOn: formText(r, "admitted_on", 20),
		DecisionOn: formText(r, "decision_on", 20), DecisionReference: formText(r, "decision_reference", 200),
		Note: formText(r, "note", 2000), Withdrawn: r.PostFormValue("withdrawn") == "yes",
		WithdrawnOn: formText(r, "withdrawn_on", 20), WithdrawalReason: formText(r, "withdrawal_reason", 500)}
}

func (s *Server) roleTrackForm(w http.ResponseWriter, r *http.Request) error {
	round, p, err := s.loadParticipation(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.RoleTrackPage(web.RoleTrackView{Round: round, Participation: p,
		Form: web.RoleTrackForm{Version: p.Version, Role: string(p.Role), Track: string(p.Track)}}))
}

func (s *Server) changeRoleTrack(w http.ResponseWriter, r *http.Request) error {
	round, stored, err := s.loadParticipation(r)
	if err != nil {
		return err
	}
	f := readRoleTrackForm(r)
	v := web.RoleTrackView{Round: round, Participation: stored, Form: f}
	p := stored
	p.Version, p.Role, p.Track = f.Version, portal.Role(f.Role), portal.Track(f.Track)
	checkRoleAndTrack(&v.Errors, round, stored.Organisation, p.Role, p.Track)
	if len(v.Errors) == 0 {
		saved, err := s.Store.ChangeRoleAndTrack(r.Context(), actorOf(r), p)
		var tied *store.RoleChangeError
		theirs, lost := theirForm(err, roleTrackWords)
		switch {
		case errors.Is(err, store.ErrWithdrawnMentor):
			v.Errors.Add("role", stored.Organisation.Name+" har avbrutit sitt deltagande och kan inte bli mentor. Ta bort markeringen om avbrott först.")
		case errors.As(err, &tied):
			field := "track"
			if p.Role != stored.Role {
				field = "role"
			}
			v.Errors.Add(field, stored.Organisation.Name+" är med i gruppen "+tied.Group+". Ta först bort den ur gruppen.")
		case errors.Is(err, store.ErrDuplicate):
			v.Errors.Add("role", stored.Organisation.Name+" är redan antagen som "+web.RoleWord(p.Role)+" i omgången.")
		case lost:
			yours := web.RoleTrackForm{Version: f.Version, Role: web.RoleWord(portal.Role(f.Role)), Track: f.Track}
			v.Conflict, v.Form.Version = web.Conflicts(theirs, yours, nil), theirs.Version
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.ParticipationPath(saved.RoundID, saved.ID), saved.Organisation.Name+" är nu "+web.RoleWord(saved.Role)+" i spåret "+web.TrackName(saved.Track)+".")
		}
	}
	return formAgain(web.RoleTrackPage(v), v.Conflict)
}

// roleTrackWords is a participation's role and track as the conflict
// notice shows them: the role as a word, since the form's values are codes.
func roleTrackWords(p portal.Participation) web.RoleTrackForm {
	return web.RoleTrackForm{Version: p.Version, Role: web.RoleWord(p.Role), Track: string(p.Track)}
}

// readRoleTrackForm reads the role and track form as typed.
func readRoleTrackForm(r *http.Request) web.RoleTrackForm {
	return web.RoleTrackForm{Version: postedVersion(r), Role: formText(r, "role", 20), Track: formText(r, "track", 20)}
}
