package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
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
		"delegate_entries": len(rec.Delegates), "account": rec.Account != nil, "substitute_replies": len(rec.Substitutes)}
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

// substituteErasure is the erasure of what replies say about the person
// with the address in the URL's epost, as a substitute.
func (s *Server) substituteErasure(r *http.Request) (removable, error) {
	email := strings.TrimSpace(cleanText(r.URL.Query().Get("epost"), 254))
	if !portal.ValidEmail(email) {
		return removable{}, &redirectError{To: "/personal/personuppgifter", Flash: "Sök först fram personen med e-postadressen."}
	}
	back := "/personal/personuppgifter?epost=" + url.QueryEscape(email)
	rec, err := s.Store.PersonData(r.Context(), email)
	if err != nil {
		return removable{}, err
	}
	if len(rec.Substitutes) == 0 {
		return removable{}, &redirectError{To: back, Flash: "Inget svar nämner " + email + " som ersättare."}
	}
	return removable{
		confirm: web.ConfirmView{
			Title:  "Radera uppgifterna om ersättaren " + rec.Substitutes[0].Name + "?",
			Crumbs: web.StaffCrumbs(nil, "Radera ersättare"),
			Lead: []string{"Namn och e-postadress tas bort ur " + web.Plural(len(rec.Substitutes), "svar", "svar") +
				" som nämner " + email + " som ersättare. Svaren blir \"kommer inte\", och närvaron behåller bara att en ersättare på nivån kom.",
				"E-post till adressen tas bort ur utkorgen. Raderingen loggas, utan personuppgifterna."},
			Action: "/personal/personuppgifter/ersattare?epost=" + url.QueryEscape(email),
			Button: "Radera uppgifterna", Cancel: back,
		},
		remove: func(ctx context.Context, a store.Actor, _ int) error {
			_, err := s.Store.EraseSubstitute(ctx, a, email)
			return err
		},
		back: back,
		done: "Uppgifterna om ersättaren är raderade.",
	}, nil
}
