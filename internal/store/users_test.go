package store_test

import (
	"context"
	"errors"
	"testing"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/internal/testdb"
)

// UserByID loads a contact with their organisations in one round trip, and
// says ErrNotFound for no such user.
func TestUserByID(t *testing.T) {
	ctx := context.Background()
	st := store.New(testdb.Seeded(t))
	umea, err := st.OrganisationBySlug(ctx, "umeå")
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.CreateUser(ctx, store.System("test"), store.NewUser{Name: "Kim", Email: "kim@umea.example",
		Role: portal.UserContact, OrganisationIDs: []int64{umea.ID}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := st.UserByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "kim@umea.example" || len(u.Organisations) != 1 || u.Organisations[0].ID != umea.ID {
		t.Errorf("got %+v, want Kim acting for Umeå", u)
	}
	if _, err := st.UserByID(ctx, id+1000); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("no such user: %v, want ErrNotFound", err)
	}
}
