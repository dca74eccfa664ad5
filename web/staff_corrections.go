package web

import (
	"net/url"
	"strconv"

	"modellportalen/internal/portal"
)

// RoleTrackForm is the form that corrects a participation's role and track,
// as typed.
type RoleTrackForm struct {
	Version int
	Role    string `label:"Roll"`
	Track   string `label:"Spår"`
}

// RoleTrackView is the page that corrects a participation's role and track.
type RoleTrackView struct {
	Round         portal.Round
	Participation portal.Participation
	Form          RoleTrackForm
	Errors        Errors
	Conflict      []ConflictField
}

// AdmitManyForm is the form that admits several organisations at once, as
// typed.
type AdmitManyForm struct {
	Organisations []string
	Role          string
	Track         string
	AdmittedOn    string
}

// AdmitManyView is the page that admits several organisations at once: a
// search, the organisations found that are not yet in the round as
// checkboxes, and then a confirmation of the choice.
type AdmitManyView struct {
	Round portal.Round
	AdmissionSearch
	Form   AdmitManyForm
	Errors Errors
	// Chosen are the organisations to admit, shown for confirmation; nil
	// while choosing.
	Chosen []portal.Organisation
}

func orgCheckboxes(orgs []portal.Organisation, selected []string) []Option {
	var out []Option
	for _, o := range orgs {
		label := o.Name
		if o.SCBCode != "" {
			label += " (" + o.SCBCode + ")"
		}
		out = append(out, Option{itoa64(o.ID), label, contains(selected, itoa64(o.ID))})
	}
	return out
}

func admitManySearchURL(v AdmitManyView) string {
	u := StaffRoundPath(v.Round.ID, "/deltagare/flera")
	if v.Query != "" || v.County != "" {
		u += "?q=" + url.QueryEscape(v.Query) + "&lan=" + url.QueryEscape(v.County)
	}
	return u
}

func admitManyTitle(v AdmitManyView) string {
	if v.Chosen != nil {
		return "Bekräfta antagningen"
	}
	return "Anta flera organisationer"
}

func admitRoleWord(role string) string {
	if role == string(portal.RoleMentor) {
		return "mentorer"
	}
	return "deltagare"
}

func mentorCandidateOptions(cs []portal.MentorCandidate, selected string) []Option {
	var out []Option
	for _, c := range cs {
		label := c.Organisation.Name
		if c.Earlier {
			label += " – tidigare omgång"
		} else {
			label += " – inte med i någon tidigare omgång"
		}
		if c.DistanceKM >= 0 {
			label += ", " + strconv.Itoa(c.DistanceKM) + " km"
		}
		out = append(out, Option{itoa64(c.Organisation.ID), label, itoa64(c.Organisation.ID) == selected})
	}
	return out
}

func mentorHint(v GroupView) string {
	if v.MentorQuery == "" {
		return "Förslag: organisationer av gruppens slag som deltagit i en tidigare omgång, närmast gruppen först. Sök för att hitta andra."
	}
	return "Sökträffar: de som deltagit i en tidigare omgång först, närmast gruppen först."
}

// TrackName is a track's name as the pages show it.
func TrackName(t portal.Track) string { return trackName(t) }

func admitManyLead(v AdmitManyView) string {
	which := "De här organisationerna antas"
	if len(v.Chosen) == 1 {
		which = "Den här organisationen antas"
	}
	return which + " som " + admitRoleWord(v.Form.Role) + " i spåret " + trackName(portal.Track(v.Form.Track)) + ":"
}

func admitManyButton(n int) string {
	if n == 1 {
		return "Anta 1 organisation"
	}
	return "Anta " + strconv.Itoa(n) + " organisationer"
}
