package server

import (
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"testing"
)

func TestEnglishPages(t *testing.T) {
	app := newTestApp(t)
	cases := []struct {
		path  string
		title string
		want  []string
	}{
		{"/en/", "Modellportalen – SKR", []string{"The Model Concept for Gender Equality", "The programme across Sweden", "Participants"}},
		{"/en/omgangar", "Rounds – Modellportalen – SKR", []string{"Participants Mentors Groups", "Completed"}},
		{"/en/omgangar/2019", "", []string{"Model municipalities", "Model regions", "withdrew in spring 2019", "Mentor: Kristianstad", "supported by Malmö",
			"uncertain: Named by SKL in November 2018", "Where the sources disagree", "Sources",
			"Askersund – withdrew", "Region Gotland – region in Gotlands län", "Withdrew (1) Askersund"}},
		{"/en/organisationer?q=g%C3%B6inge", "", []string{"1 result.", "Östra Göinge Municipality 1256"}},
		{"/en/organisationer/malm%C3%B6", "", []string{"Supporting mentor for Trelleborg, Olofström och Östra Göinge", "Mentor lineage", "Sources"}},
		{"/en/mentorkedjor", "Mentor lineage – Modellportalen – SKR", []string{"Umeå (took part in Pilotomgången 2015–2016) mentored Lycksele and Vännäs"}},
		{"/en/statistik", "Statistics – Modellportalen – SKR", []string{"Participants per county", "Organisations in several rounds"}},
		{"/en/oppna-data", "Open data – Modellportalen – SKR", []string{"public participant lists as CSV and JSON"}},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, body := app.get(t, c.path)
			if status != 200 {
				t.Fatalf("status %d", status)
			}
			if !strings.Contains(body, `<html lang="en">`) {
				t.Error(`missing <html lang="en">`)
			}
			if c.title != "" && !strings.Contains(body, "<title>"+c.title+"</title>") {
				t.Errorf("title is not %q", c.title)
			}
			sv := strings.SplitN(strings.TrimPrefix(c.path, "/en"), "?", 2)[0]
			for _, link := range []string{`<link rel="alternate" hreflang="sv" href="` + sv, `<link rel="alternate" hreflang="en" href="/en` + sv} {
				if !strings.Contains(body, link) {
					t.Errorf("no %s", link)
				}
			}
			if !strings.Contains(body, `class="lang-switch" href="/sprak?sida=`) || !strings.Contains(body, `lang="sv">På svenska</a>`) {
				t.Error("no switch to Swedish")
			}
			links := regexp.MustCompile(`<link rel="alternate"[^>]*>`).ReplaceAllString(body, "")
			if strings.Contains(links, `href="/omgangar`) || strings.Contains(links, `href="/organisationer/`) {
				t.Error("an English page links to a Swedish one")
			}
			text := textOf(body)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("page text lacks %q", w)
				}
			}
		})
	}
	// Swedish pages offer English.
	_, body := app.get(t, "/omgangar/2019")
	if !strings.Contains(body, `href="/sprak?sida=%2Fomgangar%2F2019&amp;till=en" hreflang="en" lang="en">In English</a>`) {
		t.Error("no switch to English on the Swedish round page")
	}
}

func TestLanguageChoice(t *testing.T) {
	app := newTestApp(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	get := func(path, acceptLanguage string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, app.URL+path, nil)
		if acceptLanguage != "" {
			req.Header.Set("Accept-Language", acceptLanguage)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	// With no choice made, the start page follows the browser…
	if res := get("/", "en-GB,en;q=0.9,sv;q=0.5"); res.Request.URL.Path != "/en/" {
		t.Errorf("English browser on / ended at %s", res.Request.URL.Path)
	}
	if res := get("/", "sv-SE,sv;q=0.9,en;q=0.8"); res.Request.URL.Path != "/" {
		t.Errorf("Swedish browser on / ended at %s", res.Request.URL.Path)
	}
	// …but other Swedish pages are Swedish whatever it says.
	if res := get("/omgangar", "en"); res.Request.URL.Path != "/omgangar" {
		t.Errorf("English browser on /omgangar ended at %s", res.Request.URL.Path)
	}
	// The switch keeps the page and remembers the choice.
	if res := get("/sprak?till=en&sida=/omgangar/2019", ""); res.Request.URL.Path != "/en/omgangar/2019" {
		t.Errorf("switch to English ended at %s", res.Request.URL.Path)
	}
	if res := get("/organisationer?q=ume", ""); res.Request.URL.RequestURI() != "/en/organisationer?q=ume" {
		t.Errorf("after choosing English, a Swedish page ended at %s", res.Request.URL.RequestURI())
	}
	if res := get("/sprak?till=sv&sida=/omgangar/2019", "en"); res.Request.URL.Path != "/omgangar/2019" {
		t.Errorf("switch to Swedish ended at %s", res.Request.URL.Path)
	}
	if res := get("/", "en"); res.Request.URL.Path != "/" {
		t.Errorf("after choosing Swedish, an English browser on / ended at %s", res.Request.URL.Path)
	}
	// The switch leads only to our own pages.
	for _, evil := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "/%09/evil.example", "/%0a/evil.example", "%2F%09%2Fevil.example"} {
		nc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		res, err := nc.Get(app.URL + "/sprak?till=sv&sida=" + evil)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); loc != "/" {
			t.Errorf("sida=%s redirects to %q, want /", evil, loc)
		}
	}
}
