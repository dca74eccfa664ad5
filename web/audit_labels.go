package web

import (
	"encoding/json"
	"fmt"
)

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
