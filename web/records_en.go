package web

import (
	"context"

	"github.com/a-h/templ"
)

// recordTranslations are English versions of texts from the programme's
// records (round descriptions, focus areas, administrations, withdrawal
// reasons), keyed by the Swedish text. The records are written in Swedish;
// a text with no entry here is shown in Swedish on the English pages,
// marked lang="sv" so that screen readers pronounce it as Swedish.
var recordTranslations = map[string]string{
	"Programmets första omgång, med sex kommuner. Av dem namnger källorna här bara Umeå.":       "The programme's first round, with six municipalities. Of these, the sources here name only Umeå.",
	"Femton nya kommuner deltog. De som senare blev mentorer antas ha deltagit här.":            "Fifteen new municipalities took part. Those that later became mentors are assumed to have taken part here.",
	"Tolv kommuner och ett kommunförbund, och för första gången sex regioner (Modellregioner).": "Twelve municipalities and one association of municipalities, and for the first time six regions (Model regions).",
	"Omgång inom Modellkonceptet för jämställdhet.":                                             "A round of the Model Concept for Gender Equality.",
	"Jämställdhetsintegrering av det regionala utvecklingsansvaret":                             "Gender mainstreaming of the regional development responsibility",
	"Folkhälsa och social hållbarhet":                                                           "Public health and social sustainability",
	"Avslutade sitt deltagande under våren 2019.":                                               "Ended its participation in spring 2019.",
}

// recordText is a text from the records in the page's language when a
// translation exists, else as recorded.
func recordText(ctx context.Context, sv string) string {
	if langOf(ctx) == English {
		if en, ok := recordTranslations[sv]; ok {
			return en
		}
	}
	return sv
}

// recordLang marks a text from the records as Swedish where recordText
// leaves it Swedish on a page in another language.
func recordLang(ctx context.Context, sv string) templ.Attributes {
	if langOf(ctx) == English && recordTranslations[sv] == "" {
		return templ.Attributes{"lang": "sv"}
	}
	return nil
}
