package schema

import (
	"time"

	"example.com/shop/internal/model"
)

// NoteCreate is the body of a request that creates a note.
type NoteCreate struct {
	Title string  `json:"title" minLength:"1" maxLength:"255" doc:"Title; unique"`
	Body  *string `json:"body,omitempty" nullable:"true" doc:"Body"`
	Due   *Date   `json:"due,omitempty" nullable:"true" doc:"Due (YYYY-MM-DD)"`
	Done  bool    `json:"done" doc:"Done"`
	// OwnerID is accepted so clients may send back what they read; the
	// owner is always the authenticated user.
	OwnerID *string `json:"owner_id,omitempty" readOnly:"true" doc:"Ignored: the server sets the owner"`
}

// Model converts the request to a new entity without id, owner or timestamps.
func (c NoteCreate) Model() model.Note {
	return model.Note{
		Title: c.Title,
		Body:  c.Body,
		Due:   c.Due.timePtr(),
		Done:  c.Done,
	}
}

// NoteUpdate is the body of a request that changes some fields of
// a note. Absent fields stay as they are; null clears an optional field.
type NoteUpdate struct {
	Title Optional[string] `json:"title,omitzero" minLength:"1" maxLength:"255" doc:"Title; unique"`
	Body  Optional[string] `json:"body,omitzero" nullable:"true" doc:"Body"`
	Due   Optional[Date]   `json:"due,omitzero" nullable:"true" doc:"Due (YYYY-MM-DD)"`
	Done  Optional[bool]   `json:"done,omitzero" doc:"Done"`
	// OwnerID is accepted so clients may send back what they read; the
	// owner is always the authenticated user.
	OwnerID *string `json:"owner_id,omitempty" readOnly:"true" doc:"Ignored: the server sets the owner"`
}

// Apply writes the fields present in the update into item. It fails with a
// validation error when a required field is null.
func (u NoteUpdate) Apply(item *model.Note) error {
	problems := map[string]string{}
	setRequired(u.Title, "title", &item.Title, problems)
	setOptional(u.Body, &item.Body)
	setOptional(mapOptional(u.Due, Date.Time), &item.Due)
	setRequired(u.Done, "done", &item.Done, problems)
	return invalid(problems)
}

// NoteResponse is a note as the API returns it.
type NoteResponse struct {
	ID        string    `json:"id" doc:"Opaque identifier"`
	OwnerID   string    `json:"owner_id" doc:"Id of the user the note belongs to"`
	Title     string    `json:"title" doc:"Title; unique"`
	Body      *string   `json:"body" nullable:"true" doc:"Body"`
	Due       *Date     `json:"due" nullable:"true" doc:"Due (YYYY-MM-DD)"`
	Done      bool      `json:"done" doc:"Done"`
	CreatedAt time.Time `json:"created_at" doc:"When the note was created"`
	UpdatedAt time.Time `json:"updated_at" doc:"When the note was last changed"`
}

// NewNoteResponse converts an entity to its response.
func NewNoteResponse(item model.Note) NoteResponse {
	return NoteResponse{
		ID:        item.ID.String(),
		OwnerID:   item.OwnerID.String(),
		Title:     item.Title,
		Body:      item.Body,
		Due:       datePtr(item.Due),
		Done:      item.Done,
		CreatedAt: item.CreatedAt.UTC(),
		UpdatedAt: item.UpdatedAt.UTC(),
	}
}

// NotePage is one page of notes.
type NotePage = Page[NoteResponse]

// NewNotePage converts a page of entities to its response.
func NewNotePage(page model.Page[model.Note]) NotePage {
	return NewPage(page, NewNoteResponse)
}
