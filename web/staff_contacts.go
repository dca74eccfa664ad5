package web

import "modellportalen/internal/portal"

// ContactInviteForm is the invitation form as typed.
type ContactInviteForm struct {
	Name           string
	Email          string
	OrganisationID int64
}

// ContactInvitesView is the project leader's page for inviting contact
// persons of the organisations in the rounds they lead.
type ContactInvitesView struct {
	Organisations []portal.Organisation // those in rounds the user leads
	Contacts      []portal.User         // their contact persons
	Form          ContactInviteForm
	Errors        Errors
}

func (v ContactInvitesView) organisationOptions() []Option {
	opts := []Option{{Value: "", Label: "Välj organisation"}}
	for _, o := range v.Organisations {
		opts = append(opts, Option{Value: itoa64(o.ID), Label: o.Name, Selected: o.ID == v.Form.OrganisationID})
	}
	return opts
}
