package web

import (
	"context"

	"modellportalen/internal/geo"
	"modellportalen/internal/portal"
)

// MapView is a map of Sweden with the organisations taking part marked.
type MapView struct {
	Map     geo.Map
	Caption string // what the map shows, e.g. "Karta över deltagarna i …"
	Label   string // the drawing's accessible name
}

func markTitle(ctx context.Context, mk geo.Mark) string {
	o := mk.Organisation
	switch mk.Kind {
	case geo.MarkRegion:
		return tf(ctx, "map.region.title", o.Name, o.CountyName)
	case geo.MarkMentor:
		return o.Name + " – " + t(ctx, "role.mentor")
	case geo.MarkWithdrawn:
		return tf(ctx, "map.title.withdrew", o.Name)
	}
	return o.Name + " – " + t(ctx, "role.participant")
}

func countyClass(c geo.County) string {
	if c.Shaded {
		return "county shaded"
	}
	return "county"
}

func kindLabel(ctx context.Context, k portal.OrganisationKind) string {
	return t(ctx, "kind."+string(k))
}
