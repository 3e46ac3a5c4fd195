package schema

import (
	"time"

	"github.com/google/uuid"

	"example.com/bare/internal/model"
	"example.com/bare/internal/security"
)

// UserRegister is the body of a registration.
type UserRegister struct {
	Email    string  `json:"email" format:"email" maxLength:"254" example:"ada@example.com" doc:"Email address, unique regardless of case"`
	Password string  `json:"password" minLength:"8" maxLength:"128" doc:"Password, 8 to 128 characters"`
	FullName *string `json:"full_name,omitempty" nullable:"true" minLength:"1" maxLength:"255" doc:"Full name"`
}

// UserLogin is the JSON body of a login. The same operation also accepts
// the OAuth2 password form, with the email as username.
type UserLogin struct {
	Email    string `json:"email" minLength:"1" example:"ada@example.com" doc:"Email address"`
	Password string `json:"password" minLength:"1" doc:"Password"`
}

// UserRefresh is the body of a token refresh.
type UserRefresh struct {
	RefreshToken string `json:"refresh_token" minLength:"1" doc:"A refresh token from a login or an earlier refresh"`
}

// TokenPair is the body of a login or refresh response.
type TokenPair struct {
	AccessToken  string `json:"access_token" doc:"Send as Authorization: Bearer <token>"`
	RefreshToken string `json:"refresh_token" doc:"Exchange for a new pair at /api/v1/auth/refresh"`
	TokenType    string `json:"token_type" enum:"bearer" doc:"Always bearer"`
	ExpiresIn    int    `json:"expires_in" doc:"Seconds until the access token expires"`
}

// NewTokenPair converts an issued pair to its response.
func NewTokenPair(p security.Pair) TokenPair {
	return TokenPair{
		AccessToken:  p.Access,
		RefreshToken: p.Refresh,
		TokenType:    "bearer",
		ExpiresIn:    int(p.ExpiresIn / time.Second),
	}
}

// UserResponse is an account as the API returns it: never with a password
// or its hash.
type UserResponse struct {
	ID          string    `json:"id" doc:"Opaque identifier"`
	Email       string    `json:"email" doc:"Email address, in lower case"`
	FullName    *string   `json:"full_name" nullable:"true" doc:"Full name"`
	IsActive    bool      `json:"is_active" doc:"Whether the user may log in"`
	IsSuperuser bool      `json:"is_superuser" doc:"Whether the user may manage every user and see every owned row"`
	CreatedAt   time.Time `json:"created_at" doc:"When the user registered"`
	UpdatedAt   time.Time `json:"updated_at" doc:"When the account was last changed"`
}

// NewUserResponse converts an account to its response.
func NewUserResponse(u model.User) UserResponse {
	return UserResponse{
		ID:          u.ID.String(),
		Email:       u.Email,
		FullName:    u.FullName,
		IsActive:    u.IsActive,
		IsSuperuser: u.IsSuperuser,
		CreatedAt:   u.CreatedAt.UTC(),
		UpdatedAt:   u.UpdatedAt.UTC(),
	}
}

// UserPage is one page of users.
type UserPage = Page[UserResponse]

// NewUserPage converts a page of accounts to its response.
func NewUserPage(page model.Page[model.User]) UserPage {
	return NewPage(page, NewUserResponse)
}

// UserUpdateMe is the body of a request in which users change their own
// account. Absent fields stay as they are; null clears full_name.
type UserUpdateMe struct {
	Email           Optional[string] `json:"email,omitzero" format:"email" maxLength:"254" doc:"New email address"`
	FullName        Optional[string] `json:"full_name,omitzero" nullable:"true" minLength:"1" maxLength:"255" doc:"New full name"`
	Password        Optional[string] `json:"password,omitzero" minLength:"8" maxLength:"128" doc:"New password; needs current_password"`
	CurrentPassword Optional[string] `json:"current_password,omitzero" maxLength:"128" doc:"The current password, required to set a new one"`
}

// Change converts the request to an account change. It fails with a
// validation error when a field that cannot be cleared is null.
func (u UserUpdateMe) Change() (model.UserChange, error) {
	problems := map[string]string{}
	c := model.UserChange{
		Email:           present(u.Email, "email", false, problems),
		FullName:        present(u.FullName, "full_name", true, problems),
		Password:        present(u.Password, "password", false, problems),
		CurrentPassword: present(u.CurrentPassword, "current_password", false, problems),
	}
	return c, invalid(problems)
}

// UserUpdate is the body of a request in which a superuser changes any
// account. Absent fields stay as they are; null clears full_name.
type UserUpdate struct {
	Email       Optional[string] `json:"email,omitzero" format:"email" maxLength:"254" doc:"New email address"`
	FullName    Optional[string] `json:"full_name,omitzero" nullable:"true" minLength:"1" maxLength:"255" doc:"New full name"`
	Password    Optional[string] `json:"password,omitzero" minLength:"8" maxLength:"128" doc:"New password"`
	IsActive    Optional[bool]   `json:"is_active,omitzero" doc:"Whether the user may log in"`
	IsSuperuser Optional[bool]   `json:"is_superuser,omitzero" doc:"Whether the user is a superuser"`
}

// Change converts the request to an account change. It fails with a
// validation error when a field that cannot be cleared is null.
func (u UserUpdate) Change() (model.UserChange, error) {
	problems := map[string]string{}
	c := model.UserChange{
		Email:       present(u.Email, "email", false, problems),
		FullName:    present(u.FullName, "full_name", true, problems),
		Password:    present(u.Password, "password", false, problems),
		IsActive:    present(u.IsActive, "is_active", false, problems),
		IsSuperuser: present(u.IsSuperuser, "is_superuser", false, problems),
	}
	return c, invalid(problems)
}

// present returns a pointer to the value of a field that is present, and
// nil for an absent one. A null becomes a pointer to the zero value when
// the field is nullable, and a problem recorded under name otherwise.
func present[T any](o Optional[T], name string, nullable bool, problems map[string]string) *T {
	switch {
	case !o.Set:
		return nil
	case o.Null && !nullable:
		problems[name] = "must not be null"
		return nil
	}
	v := o.Value
	return &v
}

// PasswordResetRequest is the body of a request for a password reset mail.
type PasswordResetRequest struct {
	Email string `json:"email" format:"email" maxLength:"254" example:"ada@example.com" doc:"Email address of the account"`
}

// PasswordResetAccepted is the answer to every password reset request, so
// it tells nobody whether an account has the email.
type PasswordResetAccepted struct {
	Message string `json:"message" doc:"What happens next"`
}

// NewPasswordResetAccepted returns the answer to a password reset request.
func NewPasswordResetAccepted() PasswordResetAccepted {
	return PasswordResetAccepted{Message: "if an active account has this email, a link to reset its password is on its way"}
}

// PasswordResetConfirm is the body that sets a new password with the token
// of a reset link.
type PasswordResetConfirm struct {
	Token    string `json:"token" minLength:"1" maxLength:"256" doc:"The token of the reset link"`
	Password string `json:"password" minLength:"8" maxLength:"128" doc:"New password, 8 to 128 characters"`
}

// SessionResponse is a live session as the API returns it.
type SessionResponse struct {
	ID         string    `json:"id" doc:"Opaque identifier"`
	CreatedAt  time.Time `json:"created_at" doc:"When the session logged in"`
	LastUsedAt time.Time `json:"last_used_at" doc:"When the session last logged in or refreshed its tokens"`
	UserAgent  string    `json:"user_agent" doc:"User agent of the client that logged in"`
	IP         string    `json:"ip" doc:"IP address of the client that logged in"`
	Current    bool      `json:"current" doc:"Whether the request was made in this session"`
}

// SessionList is the body of the list of the caller's sessions.
type SessionList struct {
	Items []SessionResponse `json:"items" doc:"The live sessions, the newest first"`
}

// NewSessionList converts sessions to their response; current is the id
// of the session of the request.
func NewSessionList(sessions []model.Session, current uuid.UUID) SessionList {
	items := make([]SessionResponse, len(sessions))
	for i, s := range sessions {
		items[i] = SessionResponse{
			ID:         s.ID.String(),
			CreatedAt:  s.CreatedAt.UTC(),
			LastUsedAt: s.LastUsedAt.UTC(),
			UserAgent:  s.UserAgent,
			IP:         s.IP,
			Current:    s.ID == current,
		}
	}
	return SessionList{Items: items}
}
