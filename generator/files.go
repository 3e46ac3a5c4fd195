package generator

import "github.com/go-gen/gen/options"

// fileRow is one row of the file table: which template renders to which
// path, and when. Adding an output file means adding a row.
type fileRow struct {
	// template is the template's path in templates.FS.
	template string
	// path is the output path. In per-domain rows {domain} is replaced by
	// the domain's name, {table} by its table and {migration} by its
	// migration id.
	path string
	// perDomain rows render once per domain with DomainData; the others
	// once with *Project.
	perDomain bool
	// when reports whether the project needs the file; nil means always.
	when func(*Project) bool
}

// projectFiles is the file table of a generated project. Templates live at
// the same path in templates/project with a .tmpl suffix, except that those
// of one database sit in a folder of its own (repository/sqlite,
// database/postgres, ...); per-domain ones are named domain*.
var projectFiles = []fileRow{
	{template: "README.md.tmpl", path: "README.md"},
	{template: "gitignore.tmpl", path: ".gitignore"},
	{template: "golangci.yml.tmpl", path: ".golangci.yml"},
	{template: "compose.yaml.tmpl", path: "compose.yaml"},
	{template: "Dockerfile.tmpl", path: "Dockerfile"},
	{template: "dockerignore.tmpl", path: ".dockerignore"},
	{template: "env.example.tmpl", path: ".env.example"},
	{template: "Makefile.tmpl", path: "Makefile"},
	{template: "github/workflows/ci.yml.tmpl", path: ".github/workflows/ci.yml"},
	{template: "cmd/server/main.go.tmpl", path: "cmd/server/main.go"},
	{template: "cmd/server/main_test.go.tmpl", path: "cmd/server/main_test.go"},
	{template: "cmd/server/telemetry_test.go.tmpl", path: "cmd/server/telemetry_test.go"},
	{template: "cmd/server/session_test.go.tmpl", path: "cmd/server/session_test.go", when: hasAuth},
	{template: "cmd/server/bench_test.go.tmpl", path: "cmd/server/bench_test.go", when: hasTables},
	{template: "internal/arch_test.go.tmpl", path: "internal/arch_test.go"},
	{template: "internal/apperr/apperr.go.tmpl", path: "internal/apperr/apperr.go"},
	{template: "internal/apperr/apperr_test.go.tmpl", path: "internal/apperr/apperr_test.go"},
	{template: "internal/config/config.go.tmpl", path: "internal/config/config.go"},
	{template: "internal/config/config_test.go.tmpl", path: "internal/config/config_test.go"},
	{template: "internal/config/env_test.go.tmpl", path: "internal/config/env_test.go"},
	{template: "internal/telemetry/metrics.go.tmpl", path: "internal/telemetry/metrics.go"},
	{template: "internal/telemetry/tracing.go.tmpl", path: "internal/telemetry/tracing.go"},
	{template: "internal/telemetry/telemetry_test.go.tmpl", path: "internal/telemetry/telemetry_test.go"},
	{template: "internal/database/sqlite/database.go.tmpl", path: "internal/database/database.go", when: isSQLite},
	{template: "internal/database/sqlite/observe.go.tmpl", path: "internal/database/observe.go", when: isSQLite},
	{template: "internal/database/sqlite/users.sql.tmpl", path: "internal/database/migrations/" + usersMigration + "_create_users.sql", when: all(hasAuth, isSQLite)},
	{template: "internal/database/sqlite/sessions.sql.tmpl", path: "internal/database/migrations/" + sqliteSessionsMigration + "_create_sessions.sql", when: all(hasAuth, isSQLite)},
	{template: "internal/database/sqlite/domain.sql.tmpl", path: "internal/database/migrations/{migration}_create_{table}.sql", perDomain: true, when: isSQLite},
	{template: "internal/database/postgres/database.go.tmpl", path: "internal/database/database.go", when: isPostgres},
	{template: "internal/database/postgres/uuid.go.tmpl", path: "internal/database/uuid.go", when: isPostgres},
	{template: "internal/database/postgres/observe.go.tmpl", path: "internal/database/observe.go", when: isPostgres},
	{template: "internal/database/postgres/users.sql.tmpl", path: "internal/database/migrations/" + usersMigration + "_create_users.sql", when: all(hasAuth, isPostgres)},
	{template: "internal/database/postgres/rate_limits.sql.tmpl", path: "internal/database/migrations/" + rateLimitsMigration + "_create_rate_limits.sql", when: all(hasAuth, isPostgres)},
	{template: "internal/database/postgres/sessions.sql.tmpl", path: "internal/database/migrations/" + postgresSessionsMigration + "_create_sessions.sql", when: all(hasAuth, isPostgres)},
	{template: "internal/database/postgres/domain.sql.tmpl", path: "internal/database/migrations/{migration}_create_{table}.sql", perDomain: true, when: isPostgres},
	{template: "internal/database/mongodb/database.go.tmpl", path: "internal/database/database.go", when: isMongoDB},
	{template: "internal/database/mongodb/observe.go.tmpl", path: "internal/database/observe.go", when: isMongoDB},
	{template: "internal/database/mongodb/indexes.go.tmpl", path: "internal/database/indexes.go", when: all(hasTables, isMongoDB)},
	{template: "internal/handler/handler.go.tmpl", path: "internal/handler/handler.go"},
	{template: "internal/handler/handler_test.go.tmpl", path: "internal/handler/handler_test.go"},
	{template: "internal/handler/middleware.go.tmpl", path: "internal/handler/middleware.go"},
	{template: "internal/handler/observe.go.tmpl", path: "internal/handler/observe.go"},
	{template: "internal/handler/errors.go.tmpl", path: "internal/handler/errors.go"},
	{template: "internal/handler/openapi.go.tmpl", path: "internal/handler/openapi.go"},
	{template: "internal/handler/auth.go.tmpl", path: "internal/handler/auth.go", when: hasAuth},
	{template: "internal/handler/auth_test.go.tmpl", path: "internal/handler/auth_test.go", when: hasAuth},
	{template: "internal/handler/user.go.tmpl", path: "internal/handler/user.go", when: hasAuth},
	{template: "internal/handler/session.go.tmpl", path: "internal/handler/session.go", when: hasAuth},
	{template: "internal/mail/mail.go.tmpl", path: "internal/mail/mail.go", when: hasAuth},
	{template: "internal/mail/mail_test.go.tmpl", path: "internal/mail/mail_test.go", when: hasAuth},
	{template: "internal/handler/domain.go.tmpl", path: "internal/handler/{domain}.go", perDomain: true},
	{template: "internal/handler/domain_test.go.tmpl", path: "internal/handler/{domain}_test.go", perDomain: true},
	{template: "internal/model/doc.go.tmpl", path: "internal/model/doc.go", when: hasTables},
	{template: "internal/model/rules.go.tmpl", path: "internal/model/rules.go", when: hasTables},
	{template: "internal/model/list.go.tmpl", path: "internal/model/list.go", when: hasTables},
	{template: "internal/model/user.go.tmpl", path: "internal/model/user.go", when: hasAuth},
	{template: "internal/model/actor.go.tmpl", path: "internal/model/actor.go", when: hasAuth},
	{template: "internal/model/session.go.tmpl", path: "internal/model/session.go", when: hasAuth},
	{template: "internal/model/scope.go.tmpl", path: "internal/model/scope.go", when: hasOwned},
	{template: "internal/model/scope_test.go.tmpl", path: "internal/model/scope_test.go", when: hasOwned},
	{template: "internal/model/domain.go.tmpl", path: "internal/model/{domain}.go", perDomain: true},
	{template: "internal/schema/optional.go.tmpl", path: "internal/schema/optional.go", when: hasTables},
	{template: "internal/schema/page.go.tmpl", path: "internal/schema/page.go", when: hasTables},
	{template: "internal/schema/date.go.tmpl", path: "internal/schema/date.go", when: usesDate},
	{template: "internal/schema/schema_test.go.tmpl", path: "internal/schema/schema_test.go", when: hasTables},
	{template: "internal/schema/user.go.tmpl", path: "internal/schema/user.go", when: hasAuth},
	{template: "internal/schema/domain.go.tmpl", path: "internal/schema/{domain}.go", perDomain: true},
	{template: "internal/service/service.go.tmpl", path: "internal/service/service.go", when: hasTables},
	{template: "internal/service/service_test.go.tmpl", path: "internal/service/service_test.go", when: hasRules},
	{template: "internal/service/user.go.tmpl", path: "internal/service/user.go", when: hasAuth},
	{template: "internal/service/user_test.go.tmpl", path: "internal/service/user_test.go", when: hasAuth},
	{template: "internal/service/session.go.tmpl", path: "internal/service/session.go", when: hasAuth},
	{template: "internal/service/session_test.go.tmpl", path: "internal/service/session_test.go", when: hasAuth},
	{template: "internal/service/limit.go.tmpl", path: "internal/service/limit.go", when: hasAuth},
	{template: "internal/service/limit_test.go.tmpl", path: "internal/service/limit_test.go", when: hasAuth},
	{template: "internal/service/domain.go.tmpl", path: "internal/service/{domain}.go", perDomain: true},
	{template: "internal/service/domain_test.go.tmpl", path: "internal/service/{domain}_test.go", perDomain: true},
	{template: "internal/repository/sqlite/sqlite.go.tmpl", path: "internal/repository/sqlite.go", when: all(hasTables, isSQLite)},
	{template: "internal/repository/sqlite/sqlite_test.go.tmpl", path: "internal/repository/sqlite_test.go", when: all(hasTables, isSQLite)},
	{template: "internal/repository/sqlite/user.go.tmpl", path: "internal/repository/user.go", when: all(hasAuth, isSQLite)},
	{template: "internal/repository/sqlite/user_test.go.tmpl", path: "internal/repository/user_test.go", when: all(hasAuth, isSQLite)},
	{template: "internal/repository/sqlite/attempts.go.tmpl", path: "internal/repository/attempts.go", when: all(hasAuth, isSQLite)},
	{template: "internal/repository/attempts_test.go.tmpl", path: "internal/repository/attempts_test.go", when: hasAuth},
	{template: "internal/repository/usercache.go.tmpl", path: "internal/repository/usercache.go", when: hasAuth},
	{template: "internal/repository/usercache_test.go.tmpl", path: "internal/repository/usercache_test.go", when: hasAuth},
	{template: "internal/repository/sessioncache.go.tmpl", path: "internal/repository/sessioncache.go", when: hasAuth},
	{template: "internal/repository/sessioncache_test.go.tmpl", path: "internal/repository/sessioncache_test.go", when: hasAuth},
	{template: "internal/repository/sqlite/session.go.tmpl", path: "internal/repository/session.go", when: all(hasAuth, isSQLite)},
	{template: "internal/repository/postgres/session.go.tmpl", path: "internal/repository/session.go", when: all(hasAuth, isPostgres)},
	{template: "internal/repository/mongodb/session.go.tmpl", path: "internal/repository/session.go", when: all(hasAuth, isMongoDB)},
	{template: "internal/repository/postgres/postgres.go.tmpl", path: "internal/repository/postgres.go", when: all(hasTables, isPostgres)},
	{template: "internal/repository/postgres/postgres_test.go.tmpl", path: "internal/repository/postgres_test.go", when: all(hasTables, isPostgres)},
	{template: "internal/repository/postgres/user.go.tmpl", path: "internal/repository/user.go", when: all(hasAuth, isPostgres)},
	{template: "internal/repository/postgres/user_test.go.tmpl", path: "internal/repository/user_test.go", when: all(hasAuth, isPostgres)},
	{template: "internal/repository/postgres/attempts.go.tmpl", path: "internal/repository/attempts.go", when: all(hasAuth, isPostgres)},
	{template: "internal/repository/mongodb/mongodb.go.tmpl", path: "internal/repository/mongodb.go", when: all(hasTables, isMongoDB)},
	{template: "internal/repository/mongodb/mongodb_test.go.tmpl", path: "internal/repository/mongodb_test.go", when: all(hasTables, isMongoDB)},
	{template: "internal/repository/mongodb/backoff_test.go.tmpl", path: "internal/repository/backoff_test.go", when: all(hasTables, isMongoDB)},
	{template: "internal/repository/mongodb/user.go.tmpl", path: "internal/repository/user.go", when: all(hasAuth, isMongoDB)},
	{template: "internal/repository/mongodb/user_test.go.tmpl", path: "internal/repository/user_test.go", when: all(hasAuth, isMongoDB)},
	{template: "internal/repository/mongodb/attempts.go.tmpl", path: "internal/repository/attempts.go", when: all(hasAuth, isMongoDB)},
	{template: "internal/security/password.go.tmpl", path: "internal/security/password.go", when: hasAuth},
	{template: "internal/security/password_test.go.tmpl", path: "internal/security/password_test.go", when: hasAuth},
	{template: "internal/security/token.go.tmpl", path: "internal/security/token.go", when: hasAuth},
	{template: "internal/security/token_test.go.tmpl", path: "internal/security/token_test.go", when: hasAuth},
	{template: "internal/security/verified.go.tmpl", path: "internal/security/verified.go", when: hasAuth},
	{template: "internal/repository/sqlite/domain.go.tmpl", path: "internal/repository/{domain}.go", perDomain: true, when: isSQLite},
	{template: "internal/repository/sqlite/domain_test.go.tmpl", path: "internal/repository/{domain}_test.go", perDomain: true, when: isSQLite},
	{template: "internal/repository/postgres/domain.go.tmpl", path: "internal/repository/{domain}.go", perDomain: true, when: isPostgres},
	{template: "internal/repository/postgres/domain_test.go.tmpl", path: "internal/repository/{domain}_test.go", perDomain: true, when: isPostgres},
	{template: "internal/repository/mongodb/domain.go.tmpl", path: "internal/repository/{domain}.go", perDomain: true, when: isMongoDB},
	{template: "internal/repository/mongodb/domain_test.go.tmpl", path: "internal/repository/{domain}_test.go", perDomain: true, when: isMongoDB},
	{template: "internal/repository/list.go.tmpl", path: "internal/repository/list.go", when: hasMigrations},
	{template: "internal/repository/mongodb/lists_test.go.tmpl", path: "internal/repository/lists_test.go", when: all(hasTables, isMongoDB)},
	{template: "internal/repository/mongodb/list.go.tmpl", path: "internal/repository/list.go", when: all(hasTables, isMongoDB)},
	{template: "internal/repository/repotest/repotest.go.tmpl", path: "internal/repository/repotest/repotest.go", when: hasTables},
	{template: "internal/repository/repotest/repotest_test.go.tmpl", path: "internal/repository/repotest/repotest_test.go", when: hasTables},
	{template: "internal/repository/repotest/user.go.tmpl", path: "internal/repository/repotest/user.go", when: hasAuth},
	{template: "internal/repository/repotest/session.go.tmpl", path: "internal/repository/repotest/session.go", when: hasAuth},
	{template: "internal/repository/repotest/domain.go.tmpl", path: "internal/repository/repotest/{domain}.go", perDomain: true},
}

func hasTables(p *Project) bool { return p.HasTables() }

func hasDomains(p *Project) bool { return len(p.Domains) > 0 }

// usesDate reports whether a field has the wire type Date, which
// schema/date.go declares.
func usesDate(p *Project) bool {
	uses, err := p.UsesWireType("Date")
	return uses && err == nil
}

func hasRules(p *Project) bool { return p.HasRules() }

func hasOwned(p *Project) bool { return p.HasOwned() }

func isPostgres(p *Project) bool { return p.Database == options.Postgres }

func isMongoDB(p *Project) bool { return p.Database == options.MongoDB }

// hasMigrations reports whether the project has SQL tables to migrate;
// MongoDB needs only the indexes it creates at startup.
func hasMigrations(p *Project) bool { return p.HasTables() && !isMongoDB(p) }

// all reports whether every one of conds holds.
func all(conds ...func(*Project) bool) func(*Project) bool {
	return func(p *Project) bool {
		for _, c := range conds {
			if !c(p) {
				return false
			}
		}
		return true
	}
}

// usersMigration is the id of the migration creating the users table: with
// auth on it is always the first, as owned tables refer to it.
const usersMigration = "00001"

// rateLimitsMigration is the id of the migration creating the rate_limits
// table of PostgreSQL projects with auth on: the second, before the
// domains' tables.
const rateLimitsMigration = "00002"

// The ids of the migration creating the sessions and password_resets
// tables of projects with auth on: after the users (and, on PostgreSQL,
// the rate limits), before the domains' tables. It is a migration of its
// own so that a project generated before it can be given it with a new id.
const (
	sqliteSessionsMigration   = "00002"
	postgresSessionsMigration = "00003"
)
