package generator

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/go-gen/gen/options"
)

// ManifestFile is the name of the manifest at a generated project's root.
const ManifestFile = "gen.yaml"

// manifestHeader explains the manifest to whoever opens it.
const manifestHeader = `# gen.yaml records how gen generated this project: its options, every
# domain spec in order with its migration, and a hash of every file gen wrote
# (so gen can tell its own output from files you changed). gen add and
# gen remove read and update it. Commit it with the project.
`

// Manifest is the record gen keeps in a generated project.
type Manifest struct {
	// Gen is the version of gen that last wrote the project.
	Gen      string           `yaml:"gen"`
	Name     string           `yaml:"name"`
	Module   string           `yaml:"module"`
	Database options.Database `yaml:"database"`
	Auth     bool             `yaml:"auth"`
	Domains  []ManifestDomain `yaml:"domains"`
	// Removed lists the SQL domains gen remove domain took out while their
	// tables stay, with the migration that created them: adding one back
	// with the same spec reuses that migration and table.
	Removed []ManifestDomain `yaml:"removed,omitempty"`
	// Dropped lists the MongoDB collections of removed domains that the
	// project drops at startup (gen remove domain --drop-table).
	Dropped []string `yaml:"dropped,omitempty"`
	// Files maps every file gen wrote, slash-separated and relative to the
	// project root, to "sha256:" and the hex digest of its bytes.
	Files map[string]string `yaml:"files"`
}

// ManifestDomain is one domain of the manifest, in generation order.
type ManifestDomain struct {
	// Spec is the canonical domain spec, as options.ParseDomain reads it.
	Spec string `yaml:"spec"`
	// Migration is the id of the migration that created the domain's table;
	// MongoDB projects have none.
	Migration string `yaml:"migration,omitempty"`
}

// Marshal renders the manifest as YAML; the same manifest always gives the
// same bytes.
func (m *Manifest) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(manifestHeader)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode manifest: %w", err)
	}
	return buf.Bytes(), nil
}

// ParseManifest reads a manifest written by Marshal.
func ParseManifest(data []byte) (*Manifest, error) {
	var m Manifest
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("read %s: %w", ManifestFile, err)
	}
	return &m, nil
}

// Project rebuilds the options the manifest was generated from.
func (m *Manifest) Project() (options.Project, error) {
	p := options.Project{Name: m.Name, Module: m.Module, Database: m.Database, Auth: m.Auth}
	for _, d := range m.Domains {
		domain, err := options.ParseDomain(d.Spec)
		if err != nil {
			return options.Project{}, fmt.Errorf("%s: %w", ManifestFile, err)
		}
		p.Domains = append(p.Domains, domain)
	}
	return p, nil
}

// hash returns the manifest's digest of a file's bytes.
func hash(content []byte) string {
	sum := sha256.Sum256(content)
	return "sha256:" + hex.EncodeToString(sum[:])
}
