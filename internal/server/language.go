package server

import (
	"net/http"
	"strings"
	"time"

	"golang.org/x/text/language"

	"modellportalen/web"
)

// langCookie remembers the language a visitor chose with the switch.
const langCookie = "lang"

// inEnglish serves h as an English page: the path names the language, so no
// cookie or header overrides it.
func (s *Server) inEnglish(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		path := strings.TrimPrefix(r.URL.EscapedPath(), web.EnglishPrefix)
		if path == "" {
			path = "/"
		}
		return s.serveIn(w, r, web.English, path, h)
	}
}

// inSwedish serves h as a Swedish page, unless the visitor chose English
// with the switch (the cookie), or, on the start page only, has chosen
// nothing and their browser prefers English to Swedish. Only the start page
// looks at Accept-Language, so every other Swedish URL stays one cacheable
// document; requests with cookies bypass the page cache.
func (s *Server) inSwedish(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		chosen := ""
		if c, err := r.Cookie(langCookie); err == nil {
			chosen = c.Value
		}
		if r.URL.Path == "/" {
			w.Header().Add("Vary", "Accept-Language")
			if chosen == "" && prefersEnglish(r.Header.Get("Accept-Language")) {
				chosen = string(web.English)
			}
		}
		if chosen == string(web.English) {
			http.Redirect(w, r, web.Localize(web.English, r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		return s.serveIn(w, r, web.Swedish, r.URL.EscapedPath(), h)
	}
}

// serveIn runs h in the language, and answers its error in that language
// too: a 404 under /en is an English page.
func (s *Server) serveIn(w http.ResponseWriter, r *http.Request, lang web.Lang, path string, h handlerFunc) error {
	if r.URL.RawQuery != "" {
		path += "?" + r.URL.RawQuery
	}
	r = r.WithContext(web.WithLocale(r.Context(), web.Locale{Lang: lang, Path: path}))
	s.serveError(w, r, h(w, r))
	return nil
}

var supported = language.NewMatcher([]language.Tag{language.Swedish, language.English})

// prefersEnglish reports whether an Accept-Language header ranks English
// above Swedish.
func prefersEnglish(header string) bool {
	if header == "" {
		return false
	}
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil || len(tags) == 0 {
		return false
	}
	_, i, conf := supported.Match(tags...)
	return i == 1 && conf != language.No
}

// chooseLanguage is where the language switch leads: it remembers the
// choice in a cookie and shows the page (sida, a path of ours) in it.
func (s *Server) chooseLanguage(w http.ResponseWriter, r *http.Request) error {
	lang := web.Swedish
	if r.URL.Query().Get("till") == string(web.English) {
		lang = web.English
	}
	// Only a path of our own, never one a browser would read as another site.
	page := localPath(r.URL.Query().Get("sida"))
	if page == "" {
		page = "/"
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(lang), Path: "/",
		MaxAge: int((365 * 24 * time.Hour).Seconds()), HttpOnly: true, Secure: s.Config.CookieSecure,
		SameSite: http.SameSiteLaxMode})
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, web.Localize(lang, page), http.StatusSeeOther)
	return nil
}
