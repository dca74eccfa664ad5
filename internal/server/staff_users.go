package server

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"

	"github.com/go-chi/chi/v5"

	"modellportalen/internal/portal"
	"modellportalen/internal/store"
	"modellportalen/web"
)

// staffHome is where staff land after signing in: the rounds under way
// with what needs attention.
func (s *Server) staffHome(w http.ResponseWriter, r *http.Request) error {
	v := web.StaffHomeView{User: *userFrom(r)}
	var err error
	if v.Rounds, err = s.Store.Rounds(r.Context()); err != nil {
		return err
	}
	if v.Attention, err = s.Store.RoundAttention(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.StaffHome(v))
}

func (s *Server) usersView(r *http.Request) (web.UsersView, error) {
	v := web.UsersView{Me: *userFrom(r), Invite: web.InviteForm{Role: portal.UserContact}}
	var err error
	if v.Users, err = s.Store.Users(r.Context()); err != nil {
		return v, err
	}
	v.Organisations, err = s.public().SearchOrganisations(r.Context(), store.OrganisationFilter{Limit: 500})
	return v, err
}

func (s *Server) inviteUser(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.usersView(r)
	if err != nil {
		return err
	}
	f := web.InviteForm{
		Name:  cleanText(r.PostFormValue("name"), 200),
		Email: cleanText(r.PostFormValue("email"), 254),
		Role:  portal.UserRole(r.PostFormValue("role")),
	}
	f.OrganisationID, _ = parseID(r.PostFormValue("organisation"))
	v.Invite = f
	if f.Name == "" {
		v.Errors.Add("name", "Ange personens namn.")
	}
	if f.Email == "" {
		v.Errors.Add("email", "Ange personens e-postadress.")
	} else if !portal.ValidEmail(f.Email) {
		v.Errors.Add("email", "Ange en e-postadress som namn@exempel.se.")
	}
	if !f.Role.Valid() {
		v.Errors.Add("role", "Välj en roll.")
	}
	var orgs []int64
	if f.Role == portal.UserContact {
		if !offeredOrganisation(v.Organisations, f.OrganisationID) {
			v.Errors.Add("organisation", "Välj vilken organisation kontaktpersonen företräder.")
		}
		orgs = []int64{f.OrganisationID}
	}
	if len(v.Errors) == 0 {
		token, m := s.invitation(r, f.Name, f.Email)
		_, err = s.Store.CreateUser(ctx, actorOf(r),
			store.NewUser{Name: f.Name, Email: f.Email, Role: f.Role, OrganisationIDs: orgs}, &token, &m)
		if errors.Is(err, store.ErrEmailTaken) {
			v.Errors.Add("email", "Det finns redan ett konto med den e-postadressen.")
		} else if err != nil {
			return err
		}
	}
	if len(v.Errors) > 0 {
		return formAgain(web.Users(v), nil)
	}
	s.notifyMail()
	return s.seeOther(w, r, "/personal/anvandare", "En inbjudan har skickats till "+f.Email+".")
}

// targetUser loads the user named in the URL, refusing the admin's own
// account: changing one's own role or switching oneself off could leave
// the portal without an admin.
func (s *Server) targetUser(r *http.Request) (portal.User, error) {
	if id, _ := idParam(r, "id"); id == userFrom(r).ID {
		return portal.User{}, &redirectError{To: "/personal/anvandare",
			Flash: "Du kan inte ändra roll på eller stänga av ditt eget konto."}
	}
	return byParam(r, "id", s.Store.UserByID)
}

func (s *Server) changeRole(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(r)
	if err != nil {
		return err
	}
	role := portal.UserRole(r.PostFormValue("role"))
	if !role.Valid() {
		return s.seeOther(w, r, "/personal/anvandare", "Välj en roll.")
	}
	if err := s.Store.UpdateUser(r.Context(), actorOf(r), u.ID, store.UserChange{Role: &role}); err != nil {
		return err
	}
	return s.seeOther(w, r, "/personal/anvandare", u.Name+" är nu "+web.UserRoleWord(role)+".")
}

func (s *Server) setActive(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(r)
	if err != nil {
		return err
	}
	active := r.PostFormValue("active") == "true"
	done := u.Name + " är avstängd och utloggad."
	if active {
		done = u.Name + " kan logga in igen."
	}
	return afterChange(s.Store.UpdateUser(r.Context(), actorOf(r), u.ID, store.UserChange{Active: &active}), "/personal/anvandare", done)
}

func (s *Server) reinvite(w http.ResponseWriter, r *http.Request) error {
	u, err := s.targetUser(r)
	if err != nil {
		return err
	}
	return s.sendNewInvitation(r, u, "/personal/anvandare")
}

// sendNewInvitation mails u, who has not chosen a password yet, a new
// invitation link (which spends the earlier one), and goes back to back.
func (s *Server) sendNewInvitation(r *http.Request, u portal.User, back string) error {
	if u.HasPassword || !u.Active {
		return &redirectError{To: back, Flash: u.Name + " har redan ett lösenord eller är avstängd; ingen ny inbjudan skickades."}
	}
	token, m := s.invitation(r, u.Name, u.Email)
	if err := s.Store.IssueToken(r.Context(), u.ID, token, &m); err != nil {
		return err
	}
	s.notifyMail()
	return &redirectError{To: back, Flash: "En ny inbjudan har skickats till " + u.Email + "."}
}

// outbox shows the latest mail. Live links are shown only in a development
// set-up (no SMTP), where the outbox is the only way to read mail not yet
// delivered; sent mail has its links removed anyway. Every reading is
// audited, as it could hand someone a link into another's account.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	msgs, err := s.Store.Outbox(r.Context(), 200)
	if err != nil {
		return err
	}
	live := 0
	for i, m := range msgs {
		if !s.Config.SMTPConfigured && m.SentAt == nil && store.RemoveLinks(m.Body) != m.Body {
			live++
			continue
		}
		msgs[i].Body = store.RemoveLinks(m.Body)
	}
	if err := store.Audit(r.Context(), s.Store.Pool, actorOf(r), "read", "outbox", 0, nil,
		map[string]any{"messages": len(msgs), "live_links": live}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, web.Outbox(msgs, s.Config.SMTPConfigured))
}

var tableName = regexp.MustCompile(`^[a-z_]{1,63}$`)

func (s *Server) history(w http.ResponseWriter, r *http.Request) error {
	return s.historyOf(chi.URLParam(r, "table"))(w, r)
}

// historyOf shows the audit history of a record of the table.
func (s *Server) historyOf(table string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		// Not idParam: person-data lookups concern no one record and are
		// logged against id 0, whose history is a real page.
		id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
		if err != nil || !tableName.MatchString(table) {
			return errNotFound
		}
		entries, err := s.Store.History(r.Context(), table, id)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, web.History(web.HistoryView{Table: table, ID: id, Entries: entries}))
	}
}
