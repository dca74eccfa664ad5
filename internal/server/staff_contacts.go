package server

import (
	"errors"
	"net/http"
	"slices"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// contactInvitesView loads the organisations the signed-in user may invite
// contacts for, and the contacts they have.
func (s *Server) contactInvitesView(r *http.Request) (web.ContactInvitesView, error) {
	me := userFrom(r)
	v := web.ContactInvitesView{}
	var err error
	if v.Organisations, err = s.Store.LedOrganisations(r.Context(), me.ID); err != nil {
		return v, err
	}
	v.Contacts, err = s.Store.LedContacts(r.Context(), me.ID)
	return v, err
}

func (s *Server) contactInvites(w http.ResponseWriter, r *http.Request) error {
	v, err := s.contactInvitesView(r)
	if err != nil {
		return err
	}
	if id, ok := parseID(r.URL.Query().Get("organisation")); ok {
		v.Form.OrganisationID = id
	}
	return s.render(w, r, http.StatusOK, web.ContactInvites(v))
}

// readContactInvite decodes the invitation form into what was typed, with
// the problems found; an organisation outside the rounds the user leads is
// one of them, whatever the form offered.
func readContactInvite(r *http.Request, led []portal.Organisation) (web.ContactInviteForm, web.Errors) {
	f := web.ContactInviteForm{Name: formText(r, "name", 200), Email: formText(r, "email", 254)}
	f.OrganisationID, _ = parseID(formText(r, "organisation", 20))
	var errs web.Errors
	if f.Name == "" {
		errs.Add("name", "Ange kontaktpersonens namn.")
	}
	if f.Email == "" {
		errs.Add("email", "Ange kontaktpersonens e-postadress.")
	} else if !portal.ValidEmail(f.Email) {
		errs.Add("email", "Ange en e-postadress som namn@exempel.se.")
	}
	if !offeredOrganisation(led, f.OrganisationID) {
		errs.Add("organisation", "Välj en organisation som deltar i en omgång du leder.")
	}
	return f, errs
}

func (s *Server) inviteContact(w http.ResponseWriter, r *http.Request) error {
	v, err := s.contactInvitesView(r)
	if err != nil {
		return err
	}
	v.Form, v.Errors = readContactInvite(r, v.Organisations)
	if len(v.Errors) == 0 {
		token, m := s.invitation(r, v.Form.Name, v.Form.Email)
		_, err := s.Store.CreateUser(r.Context(), actorOf(r),
			store.NewUser{Name: v.Form.Name, Email: v.Form.Email, Role: portal.UserContact,
				OrganisationIDs: []int64{v.Form.OrganisationID}}, &token, &m)
		switch {
		case errors.Is(err, store.ErrEmailTaken):
			v.Errors.Add("email", "Det finns redan ett konto med den e-postadressen.")
		case err != nil:
			return err
		}
	}
	if len(v.Errors) > 0 {
		return formAgain(web.ContactInvites(v), nil)
	}
	s.notifyMail()
	return s.seeOther(w, r, "/personal/kontaktpersoner", "En inbjudan har skickats till "+v.Form.Email+".")
}

// reinviteContact sends a new invitation to a contact person of the
// leader's rounds who has not chosen a password yet (the last one expired
// or went astray). Anyone else is not found: the leader has no business
// with accounts outside their rounds.
func (s *Server) reinviteContact(w http.ResponseWriter, r *http.Request) error {
	id, ok := idParam(r, "id")
	if !ok {
		return errNotFound
	}
	contacts, err := s.Store.LedContacts(r.Context(), userFrom(r).ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(contacts, func(u portal.User) bool { return u.ID == id })
	if i < 0 {
		return errNotFound
	}
	return s.sendNewInvitation(r, contacts[i], "/personal/kontaktpersoner")
}
