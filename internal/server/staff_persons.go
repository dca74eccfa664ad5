package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

func (s *Server) lookupPerson(r *http.Request) (portal.PersonRecord, string, error) {
	email := strings.TrimSpace(cleanText(r.URL.Query().Get("epost"), 254))
	if email == "" {
		return portal.PersonRecord{}, "", nil
	}
	if !portal.ValidEmail(email) {
		return portal.PersonRecord{}, "Ange en e-postadress i formen namn@exempel.se.", nil
	}
	rec, err := s.Store.PersonData(r.Context(), email)
	if err != nil {
		return rec, "", err
	}
	// Reading someone's personal data is itself worth a trace, which says
	// whose: the address searched for and the records it found.
	delegateIDs := make([]int64, len(rec.Delegates))
	for i, d := range rec.Delegates {
		delegateIDs[i] = d.ID
	}
	read := map[string]any{"email": store.NormaliseEmail(email), "user_id": nil, "delegate_ids": delegateIDs,
		"delegate_entries": len(rec.Delegates), "account": rec.Account != nil}
	if rec.Account != nil {
		read["user_id"] = rec.Account.ID
	}
	if err := store.Audit(r.Context(), s.Store.Pool, actorOf(r), "export", "person_data", 0, nil, read); err != nil {
		return rec, "", err
	}
	return rec, "", nil
}

func (s *Server) personData(w http.ResponseWriter, r *http.Request) error {
	rec, problem, err := s.lookupPerson(r)
	if err != nil {
		return err
	}
	v := web.PersonDataView{Email: cleanText(r.URL.Query().Get("epost"), 254), Record: rec}
	if problem != "" {
		v.Errors.Add("epost", problem)
	}
	return s.render(w, r, http.StatusOK, web.PersonData(v))
}

func (s *Server) personDataJSON(w http.ResponseWriter, r *http.Request) error {
	rec, problem, err := s.lookupPerson(r)
	if err != nil {
		return err
	}
	if problem != "" || rec.Email == "" {
		http.Error(w, "Ange en giltig e-postadress i parametern epost.", http.StatusBadRequest)
		return nil
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="personuppgifter.json"`)
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(rec)
	return nil
}
