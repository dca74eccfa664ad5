package web

import (
	"encoding/json"
	"fmt"
)

var auditActionNames = map[string]string{
	"create":            "Skapad",
	"update":            "Ändrad",
	"delete":            "Borttagen",
	"login":             "Inloggning",
	"change_password":   "Bytte lösenord",
	"reset_password":    "Återställde lösenord",
	"accept_invitation": "Tackade ja till inbjudan",
	"export":            "Exporterad",
	"erase":             "Raderad för gott (personuppgifter)",
	"import":            "Importerad",
	"read":              "Läst",
	"remove_password":   "Lösenordet togs bort och kontot stängdes av",
	"propose":           "Föreslaget som lärande exempel",
	"approve":           "Godkänt som lärande exempel",
	"return":            "Återsänt med kommentar",
	"withdraw":          "Godkännandet drogs tillbaka",
	"unpublish":         "Borttaget från Lärande exempel efter en ändring",
}

func auditActionName(a string) string {
	if n, ok := auditActionNames[a]; ok {
		return n
	}
	return a
}

// auditValue shows a logged field's value; "–" when the field was absent.
func auditValue(m map[string]any, field string) string {
	v, ok := m[field]
	switch {
	case !ok || v == nil:
		return "–"
	case fmt.Sprint(v) == "true":
		return "ja"
	case fmt.Sprint(v) == "false":
		return "nej"
	}
	if s, ok := v.(string); ok {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}
