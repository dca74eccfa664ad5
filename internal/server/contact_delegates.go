package server

// An organisation's delegation, kept up to date by its contacts: a
// delegate added, changed or erased.

import (
	"context"
	"errors"
	"net/http"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// delegateFormValues is the delegate form filled with a delegate as stored.
func delegateFormValues(d portal.Delegate) web.DelegateForm {
	return web.DelegateForm{Version: d.Version, Level: string(d.Level), Name: d.Name, Title: d.Title,
		Party: d.Party, Email: d.Email, Phone: d.Phone}
}

// ownDelegate loads the {delegate} of the URL with its participation, which
// must be the URL organisation's.
func (s *Server) ownDelegate(r *http.Request) (portal.Delegate, portal.Organisation, portal.Round, error) {
	return ownRecord(s, r, "delegate", kept(s, r, "delegate", s.Store.DelegateByID), func(x portal.Delegate) int64 { return x.ParticipationID })
}

// delegateView loads the delegate the URL names, with the form filled, or
// for a new one the URL's participation. The delegate it returns is what a
// save starts from.
func (s *Server) delegateView(r *http.Request) (web.DelegateView, portal.Delegate, error) {
	if chi.URLParam(r, "delegate") == "" {
		org, p, round, err := s.ownParticipationForNew(r)
		return web.DelegateView{Organisation: org, Round: round}, portal.Delegate{ParticipationID: p.ID}, err
	}
	d, org, round, err := s.ownDelegate(r)
	return web.DelegateView{Organisation: org, Round: round, Delegate: &d, Form: delegateFormValues(d)}, d, err
}

// delegatePage is the delegate page as it opens. A new delegate's form has
// the first level the delegation still lacks chosen, since that is most
// often who is added.
func (s *Server) delegatePage(r *http.Request) (web.DelegateView, error) {
	v, d, err := s.delegateView(r)
	if err != nil || v.Delegate != nil {
		return v, err
	}
	delegates, err := s.Store.Delegates(r.Context(), []int64{d.ParticipationID})
	if err != nil {
		return v, err
	}
	status := portal.ParticipantStatus{LevelCounts: portal.CountLevels(delegates[d.ParticipationID])}
	if missing := status.MissingLevels(); len(missing) > 0 {
		v.Form.Level = string(missing[0])
	}
	return v, nil
}

// saveDelegate creates a delegate (with {participation} in the URL) or
// updates one (with {delegate}).
func (s *Server) saveDelegate(w http.ResponseWriter, r *http.Request) error {
	v, d, err := s.delegateView(r)
	if err != nil {
		return err
	}
	f := readDelegateForm(r)
	v.Form = f
	d.Level, d.Name, d.Title, d.Party, d.Email, d.Phone = portal.Level(f.Level), f.Name, f.Title, f.Party, f.Email, f.Phone
	d.Version = f.Version
	v.Errors = formErrors(d.Validate(), "level", "name", "title", "party", "email", "phone")
	if len(v.Errors) == 0 {
		saved, err := s.Store.SaveDelegate(r.Context(), actorOf(r), d)
		theirs, lost := theirForm(err, delegateFormValues)
		switch {
		case lost:
			v.Conflict, v.Form.Version = web.Conflicts(theirs, f, nil), theirs.Version
		case errors.Is(err, store.ErrNotFound):
			// Erased by someone else meanwhile: say so instead of a 500.
			return s.seeOther(w, r, web.ContactPath(v.Organisation.ID, ""), "Delegaten finns inte längre; någon annan har tagit bort den. Inget sparades.")
		case err != nil:
			return err
		default:
			return s.seeOther(w, r, web.ContactPath(v.Organisation.ID, ""), saved.Name+" är sparad i delegationen.")
		}
	}
	return formAgain(web.DelegatePage(v), v.Conflict)
}

// delegateErasure is the URL's delegate, erased for good after a page that
// asks first, so that erasing is never one click from the form that also
// saves.
func (s *Server) delegateErasure(r *http.Request) (removable, error) {
	d, org, round, err := s.ownDelegate(r)
	if err != nil {
		return removable{}, err
	}
	page := web.DelegatePath(org.ID, d.ID)
	return removable{
		confirm: web.ConfirmView{
			Title:  "Radera " + d.Name + "?",
			Crumbs: web.ContactCrumbs(org, "Radera delegat"),
			Lead: []string{
				d.Name + " (" + web.LevelName(d.Level) + ") tas bort ur " + org.Name + "s delegation i " + round.Name + ".",
				"Uppgifterna raderas för gott, också ur exporter och närvarolistor. I ändringshistoriken syns bara att en delegat togs bort.",
			},
			Action: page + "/radera", Version: d.Version,
			Button: "Radera " + d.Name, Cancel: page,
		},
		remove: func(ctx context.Context, a store.Actor, version int) error {
			return s.Store.EraseDelegate(ctx, a, d.ID, int64(version))
		},
		back:    web.ContactPath(org.ID, ""),
		done:    d.Name + " är raderad ur delegationen.",
		changed: d.Name + " ändrades av någon annan medan du tittade; inget raderades. Kontrollera uppgifterna och försök igen.",
		gone:    d.Name + " var redan raderad.",
	}, nil
}

// readDelegateForm reads the delegate form as typed.
func readDelegateForm(r *http.Request) web.DelegateForm {
	return web.DelegateForm{Version: postedVersion(r), Level: formText(r, "level", 20), Name: formText(r, "name", 300),
		Title: formText(r, "title", 300), Party: formText(r, "party", 200), Email: formText(r, "email", 300), Phone: formText(r, "phone", 40)}
}
