package server

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"modellportalen/internal/store"
	"modellportalen/web"
)

// baseURL is the start of absolute links, in mail and feeds: BASE_URL, or
// else the request's own scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.Config.BaseURL != "" {
		return s.Config.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// siteURL is baseURL for a page. A forged Host must not reach other
// visitors, so a page built from the request's host is marked for no
// shared cache (the page cache included).
func (s *Server) siteURL(w http.ResponseWriter, r *http.Request) string {
	if s.Config.BaseURL == "" {
		w.Header().Set("Cache-Control", "no-cache")
	}
	return s.baseURL(r)
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	base := s.siteURL(w, r)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	for _, p := range []string{"/personal", "/mina-sidor", "/konto", "/logga-in", "/logga-ut",
		"/glomt-losenord", "/aterstall/", "/inbjudan/", "/sprak"} {
		b.WriteString("Disallow: " + p + "\n")
	}
	b.WriteString("\nSitemap: " + base + "/sitemap.xml\n")
	_, _ = w.Write([]byte(b.String()))
	return nil
}

// sitemapURLSet is the sitemaps.org document with the xhtml:link alternates
// search engines read as hreflang.
type sitemapURLSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	XHTML   string       `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc        string        `xml:"loc"`
	Alternates []sitemapLink `xml:"xhtml:link"`
}

type sitemapLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	paths, err := s.publicPaths(r)
	if err != nil {
		return err
	}
	base := s.siteURL(w, r)
	set := sitemapURLSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9", XHTML: "http://www.w3.org/1999/xhtml"}
	for _, p := range paths {
		sv, en := base+web.Localize(web.Swedish, p), base+web.Localize(web.English, p)
		alternates := []sitemapLink{
			{"alternate", "sv", sv},
			{"alternate", "en", en},
			{"alternate", "x-default", sv},
		}
		set.URLs = append(set.URLs, sitemapURL{sv, alternates}, sitemapURL{en, alternates})
	}
	out, err := xml.MarshalIndent(set, "", " ")
	if err != nil {
		return fmt.Errorf("sitemap: %w", err)
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = w.Write([]byte(xml.Header))
	_, _ = w.Write(out)
	_, _ = w.Write([]byte("\n"))
	return nil
}

// publicPaths lists every public page by its Swedish path, escaped for a
// URL: the fixed pages, each round, each organisation and each published
// learning example.
func (s *Server) publicPaths(r *http.Request) ([]string, error) {
	paths := []string{"/", "/omgangar", "/organisationer", "/mentorkedjor", "/statistik", "/oppna-data",
		"/larande-exempel", web.AccessibilityPath, web.PrivacyPath}
	rounds, err := s.public().Rounds(r.Context())
	if err != nil {
		return nil, err
	}
	for _, rs := range rounds {
		paths = append(paths, "/omgangar/"+url.PathEscape(rs.Slug))
	}
	orgs, err := s.Store.SearchOrganisations(r.Context(), store.OrganisationFilter{Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		paths = append(paths, "/organisationer/"+url.PathEscape(o.Slug))
	}
	examples, err := s.Store.LearningExamples(r.Context(), store.ExampleFilter{})
	if err != nil {
		return nil, err
	}
	for _, e := range examples {
		paths = append(paths, web.ExampleURL(e.Work.ID))
	}
	return paths, nil
}
