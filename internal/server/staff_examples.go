package server

import (
	"net/http"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) reviewList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Store.LearningExamples(r.Context(), store.ExampleFilter{Publications: []portal.Publication{
		portal.PublicationProposed, portal.PublicationApproved, portal.PublicationReturned}})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.ReviewList(list))
}

// reviewExample loads the {work} of the URL as a learning example.
func (s *Server) reviewExample(r *http.Request) (portal.LearningExample, error) {
	return byParam(r, "work", s.Store.ExampleForReview)
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	e, err := s.reviewExample(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.ReviewPage(web.ReviewView{Example: e}))
}

// review moves the work of the URL from one of from to to, with the
// comment the form sent (required when required is set).
func (s *Server) review(w http.ResponseWriter, r *http.Request, from []portal.Publication, to portal.Publication,
	action string, commentRequired bool, done string) error {
	e, err := s.reviewExample(r)
	if err != nil {
		return err
	}
	comment := formText(r, "comment", 3000)
	if commentRequired && comment == "" {
		v := web.ReviewView{Example: e, Comment: comment, Action: action}
		v.Errors.Add("comment-"+action, "Skriv en kommentar till kontaktpersonen: vad behöver ändras?")
		return formAgain(web.ReviewPage(v), nil)
	}
	err = s.Store.SetPublication(r.Context(), actorOf(r), e.Work.ID, postedVersion(r), from, to, comment, action)
	const changed = "Arbetet ändrades medan du granskade; inget är gjort. Granska den nya versionen."
	return afterChange(err, web.ReviewPath(e.Work.ID, ""), done, refusal{store.ErrConflict, changed}, refusal{store.ErrWrongPublication, changed})
}

func (s *Server) approveExample(w http.ResponseWriter, r *http.Request) error {
	return s.review(w, r, []portal.Publication{portal.PublicationProposed}, portal.PublicationApproved, "approve", false,
		"Exemplet är godkänt och publicerat under Lärande exempel.")
}

func (s *Server) returnExample(w http.ResponseWriter, r *http.Request) error {
	return s.review(w, r, []portal.Publication{portal.PublicationProposed}, portal.PublicationReturned, "return", true,
		"Arbetet är återsänt till kontaktpersonen med din kommentar.")
}

func (s *Server) withdrawExample(w http.ResponseWriter, r *http.Request) error {
	return s.review(w, r, []portal.Publication{portal.PublicationApproved}, portal.PublicationReturned, "withdraw", true,
		"Godkännandet är tillbakadraget; exemplet syns inte längre offentligt.")
}

// roundResults is a round's result summary for the results conference:
// per participant, its works with result types and indicator charts.
func (s *Server) roundResults(w http.ResponseWriter, r *http.Request) error {
	round, err := s.loadRound(r)
	if err != nil {
		return err
	}
	list, err := s.Store.LearningExamples(r.Context(), store.ExampleFilter{RoundID: round.ID, Publications: []portal.Publication{
		portal.PublicationDraft, portal.PublicationProposed, portal.PublicationReturned, portal.PublicationApproved}})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.RoundResults(round, list))
}
