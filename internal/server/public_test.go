package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestPublicPages(t *testing.T) {
	app := newTestApp(t)
	cases := []struct {
		path   string
		status int
		title  string
		want   []string // text a visitor sees
	}{
		{"/", 200, "Modellportalen – SKR", []string{"Modellkonceptet för jämställdhet", "Sedan pilotomgången 2015 har",
			"6 omgångar och 52 organisationer hittills.", "Pilotomgången 2015–2016",
			"Modellkommuner och modellregioner 2019", "Modellkonceptet för jämställdhet 2023–2025"}},
		{"/omgangar", 200, "Omgångar – Modellportalen – SKR", []string{"Pilotomgången 2015–2016 28 maj 2015 – 2016",
			"Modellkommuner 2017–2018 2017 – maj 2018", "Modellkommuner och modellregioner 2019 5 februari 2019 – 16 december 2020",
			"Modellkommuner 2020–2022 3 november 2020 – 2022", "Modellkonceptet 2021–2023 13 september 2021 – februari 2023",
			"Modellkonceptet för jämställdhet 2023–2025 februari 2023 – 2025"}},
		{"/omgangar/2019", 200, "Modellkommuner och modellregioner 2019 – Modellportalen – SKR", []string{
			"Modellkommuner: 7 februari 2019 – februari 2020", "Modellregioner: 5 februari 2019 – 16 december 2020",
			"Askersund och Fagersta", "avbröt våren 2019",
			"Mentor: Hedemora", "Mentor: Uppsala", "Mentor: Vännäs", "med stöd av Umeå", "Mentor: Norrtälje",
			"Mentor: Kristianstad", "med stöd av Malmö", "Mentor: Boden", "och Luleå", "med stöd av Piteå",
			"Förbundet Norrbottens kommuner", "Södertälje och Kalmar",
			"osäker uppgift: Nämns av SKL i november 2018 men saknas i SKL:s lista från juli 2019, som i stället nämner Kalmar.",
			"Modellregioner", "Gotland, Värmland och Västerbotten",
			"Fokusområde: Jämställdhetsintegrering av det regionala utvecklingsansvaret",
			"Gävleborg, Halland och Norrbotten", "Fokusområde: Folkhälsa och social hållbarhet",
			"Där källorna går isär", "Antal regioner 2019", "Källor"}},
		{"/omgangar/2015-2016", 200, "", []string{"Deltagare utan redovisad jämförelsegrupp", "Umeå", "Pilotomgångens år",
			"Pilotomgångens storlek"}},
		{"/omgangar/2023-2025", 200, "", []string{"Sollefteå och Härnösand", "Mentor: Kramfors",
			"23 maj 2023 – Gruppens egen träff för gruppen Sollefteå och Härnösand – Hotell Höga kusten"}},
		{"/omgangar/1999", 404, "Sidan finns inte – Modellportalen – SKR", []string{"Sidan finns inte"}},
		{"/organisationer", 200, "Organisationer – Modellportalen – SKR", []string{"313 träffar", "Förbundet Norrbottens kommuner",
			"Enskede-Årsta-Vantör Stadsdel eller förvaltning"}},
		{"/organisationer?q=g%C3%B6inge", 200, "", []string{"1 träff.", "Östra Göinge Kommun 1256 Skåne län"}},
		{"/organisationer?q=&lan=25", 200, "", []string{"16 träffar", "Region Norrbotten Region 25 Norrbottens län"}},
		{"/organisationer?q=ume%FF%00%C3%A5", 200, "", []string{"1 träff.", "Umeå Kommun 2480"}},
		{"/organisationer?q=umea", 200, "", []string{"1 träff.", "Umeå Kommun 2480"}},
		{"/organisationer?q=orebro", 200, "", []string{"2 träffar.", "Örebro Kommun 1880 Örebro län Region Örebro län Region 18"}},
		{"/organisationer?q=%C3%96rebro", 200, "", []string{"2 träffar.", "Örebro Kommun 1880 Örebro län Region Örebro län Region 18"}},
		{"/organisationer?q=goteborg", 200, "", []string{"1 träff.", "Göteborg Kommun 1480"}},
		{"/organisationer?q=malmo", 200, "", []string{"1 träff.", "Malmö Kommun 1280"}},
		{"/organisationer?q=xyzzy", 200, "", []string{"Inga organisationer matchar sökningen."}},
		{"/organisationer?lan=%27%3B+drop", 200, "", []string{"313 träffar"}},
		{"/organisationer/hedemora", 200, "Hedemora – Modellportalen – SKR", []string{"Kommun", "2083", "Dalarnas län",
			"Modellkommuner 2017–2018 Deltagare", "Mentor för Askersund och Fagersta", "Källor"}},
		{"/organisationer/" + url.PathEscape("östra-göinge"), 200, "", []string{"Trelleborg, Olofström och Östra Göinge Kristianstad med stöd av Malmö"}},
		{"/organisationer/askersund", 200, "", []string{"Deltagare (avbröt)", "avbröt våren 2019", "Avslutade sitt deltagande under våren 2019 (källorna anger inget datum)."}},
		{"/organisationer/malm%C3%B6", 200, "", []string{"Stödmentor för Trelleborg, Olofström och Östra Göinge", "Mentor för Halmstad och Kristianstad"}},
		{"/organisationer/stockholm", 200, "", []string{"Stockholm har inte deltagit i någon omgång ännu.",
			"Stadsdelar och förvaltningar som deltagit Enskede-Årsta-Vantör"}},
		{"/organisationer/" + url.PathEscape("enskede-årsta-vantör"), 200, "", []string{"Typ Stadsdel eller förvaltning",
			"Del av Stockholm (Kommun, 0180). Visas på kartan vid Stockholm.", "Modellkommuner 2017–2018 Deltagare", "Källor"}},
		{"/organisationer/" + url.PathEscape("östersund"), 200, "", []string{"osäker uppgift: Nämns av SKL"}},
		{"/organisationer/nope", 404, "", []string{"Sidan finns inte"}},
		{"/finns/inte", 404, "", []string{"Sidan finns inte"}},
	}
	titleRE := regexp.MustCompile(`<title>([^<]*)</title>`)
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			status, body := app.get(t, c.path)
			if status != c.status {
				t.Fatalf("status %d, want %d", status, c.status)
			}
			if !strings.Contains(body, `<html lang="sv">`) {
				t.Error(`missing <html lang="sv">`)
			}
			if n := strings.Count(body, "<h1"); n != 1 {
				t.Errorf("%d <h1> elements, want exactly one", n)
			}
			for _, landmark := range []string{"<header", "<nav", "<main", "<footer"} {
				if !strings.Contains(body, landmark) {
					t.Errorf("missing landmark %s", landmark)
				}
			}
			m := titleRE.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no <title>")
			}
			if c.title != "" && m[1] != c.title {
				t.Errorf("title %q, want %q", m[1], c.title)
			}
			text := textOf(body)
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("page text lacks %q", w)
				}
			}
		})
	}
}

// TestPublicPagesShowNoPersonalData stores a full delegation for a 2019
// participant and checks that no public page shows any of it.
func TestPublicPagesShowNoPersonalData(t *testing.T) {
	app := newTestApp(t)
	_, err := app.Store.Pool.Exec(context.Background(), `
		INSERT INTO delegates (participation_id, level, name, title, party, email, phone)
		SELECT p.id, 'politician', 'Hemlig Politikersson', 'Kommunstyrelsens ordförande', 'Hemligapartiet',
		       'hemlig@fagersta.example', '070-123 45 67'
		FROM participations p JOIN organisations o ON o.id = p.organisation_id
		JOIN rounds r ON r.id = p.round_id WHERE o.name = 'Fagersta' AND r.slug = '2019'`)
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/omgangar", "/omgangar/2019", "/organisationer", "/organisationer?q=fagersta", "/organisationer/fagersta"} {
		_, body := app.get(t, path)
		for _, secret := range []string{"Hemlig", "hemlig@fagersta.example", "070-123 45 67", "Hemligapartiet"} {
			if strings.Contains(body, secret) {
				t.Errorf("%s shows %q", path, secret)
			}
		}
	}
}

func TestHealthAndReadiness(t *testing.T) {
	app := newTestApp(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if status, body := app.get(t, path); status != 200 || strings.TrimSpace(body) != "ok" {
			t.Errorf("%s: %d %q, want 200 ok", path, status, body)
		}
	}
	if status, body := app.get(t, "/static/style.css"); status != 200 || !strings.Contains(body, "--accent") {
		t.Errorf("/static/style.css: %d", status)
	}
	// With the database gone the process is still up but not ready.
	app.Store.Pool.Close()
	if status, _ := app.get(t, "/readyz"); status != http.StatusServiceUnavailable {
		t.Errorf("/readyz without database: %d, want 503", status)
	}
	if status, _ := app.get(t, "/healthz"); status != 200 {
		t.Errorf("/healthz without database: %d, want 200", status)
	}
	if status, body := app.get(t, "/omgangar"); status < 500 || !strings.Contains(body, "Något gick fel") {
		t.Errorf("/omgangar without database: %d, want a clean error page", status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	app := newTestApp(t)
	res, err := http.Get(app.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Referrer-Policy") == "" {
		t.Errorf("headers %v", res.Header)
	}
}

// TestBadSlugsAreNotFound: a slug no record can have is a 404, even when it
// is not text Postgres accepts.
func TestBadSlugsAreNotFound(t *testing.T) {
	app := newTestApp(t)
	for _, path := range []string{"/omgangar/%FF", "/organisationer/%FF", "/en/omgangar/%FF", "/omgangar/a%00b",
		"/oppna-data/omgangar/%FF/deltagare.csv", "/organisationer/" + strings.Repeat("a", 5000), "/organisationer/UMEÅ"} {
		if status, _ := app.get(t, path); status != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, status)
		}
	}
}
