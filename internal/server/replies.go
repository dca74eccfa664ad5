package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// A reply link names one meeting and one delegate and when it stops
// working, signed with the server's key (CiviCRM's checksum pattern): it
// lets that one person answer without an account, and nothing else.
const replyKeyName, replyPurpose = "meeting_reply", "meeting-reply"

// replyToken signs the meeting, the delegate and the expiry.
func replyToken(key []byte, meetingID, delegateID int64, expires time.Time) string {
	payload := strconv.FormatInt(meetingID, 10) + "-" + strconv.FormatInt(delegateID, 10) + "-" + strconv.FormatInt(expires.Unix(), 10)
	return payload + "." + mac(key, replyPurpose, payload)
}

// replyExpiry is the end of the meeting's day in Stockholm.
func replyExpiry(m portal.LearningMeeting) time.Time {
	return time.Date(m.HeldOn.Year(), m.HeldOn.Month(), m.HeldOn.Day()+1, 0, 0, 0, 0, portal.Stockholm)
}

var (
	errReplyForged  = errors.New("reply link does not verify")
	errReplyExpired = errors.New("reply link expired")
)

// readReplyToken checks the signature before it trusts any part of the token.
func readReplyToken(key []byte, token string, now time.Time) (meetingID, delegateID int64, err error) {
	i := strings.LastIndex(token, ".")
	if i < 0 || !validMAC(key, replyPurpose, token[:i], token[i+1:]) {
		return 0, 0, errReplyForged
	}
	parts := strings.Split(token[:i], "-")
	if len(parts) != 3 {
		return 0, 0, errReplyForged
	}
	meetingID, _ = strconv.ParseInt(parts[0], 10, 64)
	delegateID, _ = strconv.ParseInt(parts[1], 10, 64)
	exp, _ := strconv.ParseInt(parts[2], 10, 64)
	if now.After(time.Unix(exp, 0)) {
		return meetingID, delegateID, errReplyExpired
	}
	return meetingID, delegateID, nil
}

// replyLinkMaker makes the personal reply links of one request's mail.
func (s *Server) replyLinkMaker(r *http.Request) (func(m portal.LearningMeeting, delegateID int64) string, error) {
	key, err := s.serverKey(r.Context(), replyKeyName)
	if err != nil {
		return nil, err
	}
	base := s.baseURL(r)
	return func(m portal.LearningMeeting, delegateID int64) string {
		return base + "/svar/" + replyToken(key, m.ID, delegateID, replyExpiry(m))
	}, nil
}

// replyPage loads the link's delegate and meeting, or the page that says
// why the link does not work (answered 410 Gone: the link is no more use,
// whoever follows it).
func (s *Server) replyPage(r *http.Request) (web.ReplyView, error) {
	var v web.ReplyView
	key, err := s.serverKey(r.Context(), replyKeyName)
	if err != nil {
		return v, err
	}
	mid, did, err := readReplyToken(key, chi.URLParam(r, "token"), time.Now())
	switch {
	case errors.Is(err, errReplyForged):
		v.Refused = web.Text(r.Context(), "reply.refused.forged")
		return v, nil
	case errors.Is(err, errReplyExpired):
		v.Refused = web.Text(r.Context(), "reply.refused.expired")
		return v, nil
	}
	inv, err := s.Store.ReplyInvitee(r.Context(), mid, did)
	if errors.Is(err, store.ErrNotFound) {
		v.Refused = web.Text(r.Context(), "reply.refused.gone")
		return v, nil
	}
	if err != nil {
		return v, err
	}
	v.Invitee = inv
	v.Refused = replyRefusal(r.Context(), inv.Meeting, time.Now())
	v.Form = replyFormValues(inv.Reply)
	return v, nil
}

// replyRefusal says why a reply to m is no longer taken at now: it is
// cancelled, or has begun. Empty while replies are taken.
func replyRefusal(ctx context.Context, m portal.LearningMeeting, now time.Time) string {
	switch {
	case m.CancelledAt != nil:
		return web.Text(ctx, "reply.refused.cancelled")
	case m.StartsAt != nil && !now.Before(*m.StartsAt), now.After(replyExpiry(m)):
		return web.Text(ctx, "reply.refused.started")
	}
	return ""
}

// replyFormValues is the reply form filled with a stored reply, if any.
func replyFormValues(reply *portal.Reply) web.ReplyForm {
	if reply == nil {
		return web.ReplyForm{}
	}
	return web.ReplyForm{Answer: string(reply.Answer), SubstituteName: reply.SubstituteName,
		SubstituteLevel: string(reply.SubstituteLevel), SubstituteEmail: reply.SubstituteEmail}
}

func (s *Server) saveReply(w http.ResponseWriter, r *http.Request) error {
	v, err := s.replyPage(r)
	if err != nil {
		return err
	}
	return s.saveReplyPage(w, r, v, store.System("svarslänk"),
		web.Localize(langOf(r), "/svar/"+chi.URLParam(r, "token")), web.Text(r.Context(), "reply.saved"))
}

// showReply is the handler of a reply page, reached through the delegate's
// link or by their contact, which load finds.
func (s *Server) showReply(load func(*http.Request) (web.ReplyView, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := load(r)
		if err != nil {
			return err
		}
		return s.showReplyPage(w, r, v)
	}
}

// showReplyPage shows a reply page; one that no longer takes replies
// answers 410 Gone.
func (s *Server) showReplyPage(w http.ResponseWriter, r *http.Request, v web.ReplyView) error {
	status := http.StatusOK
	if v.Refused != "" {
		status = http.StatusGone
	}
	return s.render(w, r, status, web.ReplyPage(v))
}

// saveReplyPage stores the reply typed on v's page as actor and goes on
// to the page to with notice; a reply no longer taken, or with mistakes,
// shows the page again and changes nothing.
func (s *Server) saveReplyPage(w http.ResponseWriter, r *http.Request, v web.ReplyView, actor store.Actor, to, notice string) error {
	if v.Refused != "" {
		return s.showReplyPage(w, r, v)
	}
	reply := readReplyForm(r, &v)
	if len(v.Errors) > 0 {
		return formAgain(web.ReplyPage(v), nil)
	}
	if err := s.Store.SaveReply(r.Context(), actor, reply); err != nil {
		return err
	}
	return s.seeOther(w, r, to, notice)
}

// readReplyForm reads the reply to v's invitation as typed into v.Form,
// with what is wrong with it in v.Errors.
func readReplyForm(r *http.Request, v *web.ReplyView) portal.Reply {
	v.Form = web.ReplyForm{Answer: formText(r, "answer", 20), SubstituteName: formText(r, "substitute_name", 200),
		SubstituteLevel: formText(r, "substitute_level", 20), SubstituteEmail: formText(r, "substitute_email", 300)}
	reply := portal.Reply{MeetingID: v.Invitee.Meeting.ID, DelegateID: v.Invitee.DelegateID, Answer: portal.ReplyAnswer(v.Form.Answer)}
	switch reply.Answer {
	case portal.ReplyComing, portal.ReplyNotComing:
	case portal.ReplySubstitute:
		reply.SubstituteName = strings.TrimSpace(v.Form.SubstituteName)
		reply.SubstituteLevel = portal.Level(v.Form.SubstituteLevel)
		reply.SubstituteEmail = strings.TrimSpace(v.Form.SubstituteEmail)
		if reply.SubstituteName == "" {
			v.Errors.Add("substitute_name", web.Text(r.Context(), "reply.err.name"))
		} else if len(reply.SubstituteName) > 150 {
			v.Errors.Add("substitute_name", web.Text(r.Context(), "reply.err.namelong"))
		}
		if reply.SubstituteLevel != portal.LevelPolitician && reply.SubstituteLevel != portal.LevelManager && reply.SubstituteLevel != portal.LevelStrategist {
			v.Errors.Add("substitute_level", web.Text(r.Context(), "reply.err.level"))
		}
		if !portal.ValidEmail(reply.SubstituteEmail) {
			v.Errors.Add("substitute_email", web.Text(r.Context(), "reply.err.email"))
		}
	default:
		v.Errors.Add("answer", web.Text(r.Context(), "reply.err.answer"))
	}
	return reply
}
