package server

import (
	"net/http"
	"slices"
	"time"

	"modellportalen/internal/portal"
	"modellportalen/web"
)

// An organisation's contact sees how its delegation answered a meeting's
// invitation and answers, or changes the answer, for a delegate who cannot
// themselves, until the meeting begins, as the delegate's link would.

// delegationInvitees loads the {meeting} of the URL and those of the
// organisation's delegation it is for.
func (s *Server) delegationInvitees(r *http.Request) (portal.LearningMeeting, []portal.Invitee, error) {
	m, err := byParam(r, "meeting", s.Store.MeetingByID)
	if err != nil {
		return m, nil, err
	}
	invitees, err := s.Store.OrganisationInvitees(r.Context(), m.ID, organisationOf(r))
	return m, invitees, err
}

func (s *Server) delegationReplies(w http.ResponseWriter, r *http.Request) error {
	m, invitees, err := s.delegationInvitees(r)
	if err != nil {
		return err
	}
	if len(invitees) == 0 {
		// No one to invite: say so if the meeting is for the organisation
		// (its page links here), else it is not found.
		upcoming, err := s.Store.UpcomingMeetings(r.Context(), organisationOf(r))
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(upcoming, func(u portal.LearningMeeting) bool { return u.ID == m.ID }) {
			return errNotFound
		}
	}
	org, err := s.Store.OrganisationByID(r.Context(), organisationOf(r))
	if err != nil {
		return err
	}
	round, err := s.Store.RoundByID(r.Context(), m.RoundID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.DelegationRepliesPage(web.DelegationRepliesView{Organisation: org, Meeting: m,
		RoundName: round.Name, Invitees: invitees, Refused: replyRefusal(r.Context(), m, time.Now())}))
}

// delegateReplyView loads the reply page of the {delegate} of the URL, who
// must be one of the organisation's invitees.
func (s *Server) delegateReplyView(r *http.Request) (web.ReplyView, error) {
	m, invitees, err := s.delegationInvitees(r)
	if err != nil {
		return web.ReplyView{}, err
	}
	did, ok := idParam(r, "delegate")
	if !ok || !slices.ContainsFunc(invitees, func(i portal.Invitee) bool { return i.DelegateID == did }) {
		return web.ReplyView{}, errNotFound
	}
	inv, err := s.Store.ReplyInvitee(r.Context(), m.ID, did)
	if err != nil {
		return web.ReplyView{}, err
	}
	org, err := s.Store.OrganisationByID(r.Context(), organisationOf(r))
	if err != nil {
		return web.ReplyView{}, err
	}
	return web.ReplyView{Invitee: inv, Contact: &org, Refused: replyRefusal(r.Context(), m, time.Now()), Form: replyFormValues(inv.Reply)}, nil
}

func (s *Server) saveDelegateReply(w http.ResponseWriter, r *http.Request) error {
	v, err := s.delegateReplyView(r)
	if err != nil {
		return err
	}
	return s.saveReplyPage(w, r, v, actorOf(r), web.DelegationRepliesPath(v.Contact.ID, v.Invitee.Meeting.ID),
		"Svaret för "+v.Invitee.Name+" är sparat.")
}
