//! The embedded default: a private PostgreSQL cluster that the gateway creates, starts and stops
//! itself when no `DATABASE_URL` is given.
//!
//! Why not the `postgresql_embedded` crate: it runs `initdb` and the server as the current OS
//! user, and PostgreSQL refuses to run as root, which is exactly how this project's machines and
//! CI run. It also pulls in an HTTP client for downloads that an offline machine cannot use. What
//! we need is small: find the installed binaries, create a cluster once, start it, and when the
//! gateway runs as root, run every PostgreSQL command as an unprivileged OS user (`nobody` unless
//! configured) that owns the cluster directory.
//!
//! The cluster listens on 127.0.0.1 only (no Unix socket) on a port chosen at first start and
//! kept in the data directory, with password authentication for a generated password kept beside
//! the cluster in a file only the gateway's user can read.

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use std::os::unix::process::CommandExt as _;

/// The superuser created inside the private cluster; it owns the gateway's database.
const CLUSTER_SUPERUSER: &str = "gateway";
/// The database the gateway uses inside the private cluster.
const DATABASE_NAME: &str = "gateway";

/// Everything that can go wrong while preparing the embedded cluster, each with a message that
/// says what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) were found.\n\
         Install PostgreSQL 15 or newer, for example:\n\
         \x20 Debian/Ubuntu: apt-get install postgresql-15   (binaries land in /usr/lib/postgresql/15/bin)\n\
         \x20 Fedora/RHEL:   dnf install postgresql15-server\n\
         \x20 macOS:         brew install postgresql@16\n\
         or point GATEWAY_PG_BIN_DIR at a directory holding initdb, pg_ctl and postgres,\n\
         or set DATABASE_URL to use an existing PostgreSQL server instead of the embedded one.\n\
         Looked in: {searched}"
    )]
    BinariesNotFound { searched: String },
    #[error("PostgreSQL {found} at {bin_dir} is too old: the gateway needs 15 or newer")]
    TooOld { found: u32, bin_dir: String },
    #[error(
        "the gateway runs as root and PostgreSQL refuses to, so the embedded cluster runs as the \
         OS user `{user}`; but `{user}` cannot reach {path} (a parent directory is not traversable). \
         Set GATEWAY_DATA_DIR to a directory under a world-traversable path (the default for root \
         is /var/lib/vet-gateway) or set GATEWAY_PG_OS_USER to a user that can reach it"
    )]
    NotTraversable { user: String, path: String },
    #[error("the OS user `{0}` (set by GATEWAY_PG_OS_USER or the default `nobody`) does not exist")]
    UnknownOsUser(String),
    #[error("{command} failed: {detail}")]
    Command { command: String, detail: String },
    #[error("embedded PostgreSQL I/O error at {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> EmbeddedError + '_ {
    move |source| EmbeddedError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// How to find and run the embedded cluster.
#[derive(Clone, Debug)]
pub struct EmbeddedOptions {
    /// The gateway's data directory; the cluster lives in `<data_dir>/postgres`.
    pub data_dir: PathBuf,
    /// A directory holding `initdb`, `pg_ctl` and `postgres`; searched for when `None`.
    pub bin_dir: Option<PathBuf>,
    /// The OS user that runs PostgreSQL when the gateway runs as root.
    pub os_user: String,
}

/// A running private cluster. Dropping it does not stop the server: call [`stop`](Self::stop)
/// on shutdown, and the next start reuses a server that is still running.
#[derive(Debug)]
pub struct EmbeddedPostgres {
    bin_dir: PathBuf,
    cluster_dir: PathBuf,
    run_as: Option<OsUser>,
    port: u16,
    password: String,
}

#[derive(Clone, Debug)]
struct OsUser {
    name: String,
    uid: u32,
    gid: u32,
}

impl EmbeddedPostgres {
    /// Creates the cluster on first use, starts it if it is not running, creates the gateway's
    /// database, and returns a handle whose [`url`](Self::url) the gateway connects to.
    pub fn start(options: &EmbeddedOptions) -> Result<Self, EmbeddedError> {
        let bin_dir = match &options.bin_dir {
            Some(dir) => dir.clone(),
            None => find_bin_dir()?,
        };
        check_version(&bin_dir)?;
        let run_as = if running_as_root() {
            Some(lookup_os_user(&options.os_user)?)
        } else {
            None
        };

        fs::create_dir_all(&options.data_dir).map_err(io_err(&options.data_dir))?;
        let cluster_dir = options.data_dir.join("postgres");
        let pgdata = cluster_dir.join("data");
        let password_file = options.data_dir.join("postgres.password");
        let port_file = cluster_dir.join("port");

        if let Some(user) = &run_as {
            check_traversable(&options.data_dir, user)?;
        }

        let password = match fs::read_to_string(&password_file) {
            Ok(existing) => existing.trim().to_owned(),
            Err(_) => {
                let generated = uuid::Uuid::new_v4().simple().to_string();
                write_private(&password_file, &generated)?;
                generated
            }
        };

        let mut cluster = EmbeddedPostgres {
            bin_dir,
            cluster_dir: cluster_dir.clone(),
            run_as,
            port: 0,
            password,
        };

        if !pgdata.join("PG_VERSION").exists() {
            cluster.init(&pgdata)?;
        }
        cluster.port = match fs::read_to_string(&port_file)
            .ok()
            .and_then(|p| p.trim().parse().ok())
        {
            Some(port) => port,
            None => {
                let port = free_port()?;
                fs::write(&port_file, port.to_string()).map_err(io_err(&port_file))?;
                port
            }
        };

        if !cluster.is_running(&pgdata)
            && let Err(first) = cluster.start_server(&pgdata)
        {
            // The remembered port may have been taken by something else since; pick a new one
            // once before giving up.
            tracing::warn!(error = %first, "embedded PostgreSQL did not start; retrying on a new port");
            cluster.port = free_port()?;
            fs::write(&port_file, cluster.port.to_string()).map_err(io_err(&port_file))?;
            cluster.start_server(&pgdata)?;
        }
        cluster.ensure_database()?;
        Ok(cluster)
    }

    /// The connection URL of the gateway's database in this cluster.
    pub fn url(&self) -> String {
        format!(
            "postgres://{CLUSTER_SUPERUSER}:{}@127.0.0.1:{}/{DATABASE_NAME}",
            self.password, self.port
        )
    }

    /// Stops the server (fast shutdown: running transactions are rolled back).
    pub fn stop(&self) -> Result<(), EmbeddedError> {
        let pgdata = self.cluster_dir.join("data");
        let mut cmd = self.command("pg_ctl");
        cmd.arg("stop")
            .arg("-D")
            .arg(&pgdata)
            .args(["-m", "fast", "-w"]);
        run(cmd, "pg_ctl stop")
    }

    fn init(&self, pgdata: &Path) -> Result<(), EmbeddedError> {
        tracing::info!(path = %pgdata.display(), "creating the embedded PostgreSQL cluster");
        fs::create_dir_all(pgdata).map_err(io_err(pgdata))?;
        fs::set_permissions(pgdata, fs::Permissions::from_mode(0o700)).map_err(io_err(pgdata))?;
        // initdb reads the superuser's password from a file that the PostgreSQL user can read.
        let pwfile = self.cluster_dir.join("initdb.pw");
        fs::write(&pwfile, &self.password).map_err(io_err(&pwfile))?;
        fs::set_permissions(&pwfile, fs::Permissions::from_mode(0o600)).map_err(io_err(&pwfile))?;
        self.hand_over(&self.cluster_dir)?;

        let mut cmd = self.command("initdb");
        cmd.arg("-D")
            .arg(pgdata)
            .args(["-U", CLUSTER_SUPERUSER, "-E", "UTF8", "--locale=C"])
            .args(["--auth-local=scram-sha-256", "--auth-host=scram-sha-256"])
            .arg(format!("--pwfile={}", pwfile.display()));
        let result = run(cmd, "initdb");
        let _ = fs::remove_file(&pwfile);
        result
    }

    fn is_running(&self, pgdata: &Path) -> bool {
        let mut cmd = self.command("pg_ctl");
        cmd.arg("status").arg("-D").arg(pgdata);
        matches!(cmd.output(), Ok(out) if out.status.success())
    }

    fn start_server(&self, pgdata: &Path) -> Result<(), EmbeddedError> {
        let log = self.cluster_dir.join("server.log");
        let mut cmd = self.command("pg_ctl");
        cmd.arg("start")
            .arg("-D")
            .arg(pgdata)
            .arg("-l")
            .arg(&log)
            .args(["-w", "-t", "60"])
            .arg("-o")
            .arg(format!(
                "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''",
                self.port
            ));
        run(cmd, "pg_ctl start").map_err(|err| match err {
            EmbeddedError::Command { command, detail } => EmbeddedError::Command {
                command,
                detail: format!("{detail}\n(server log: {})", log.display()),
            },
            other => other,
        })
    }

    fn ensure_database(&self) -> Result<(), EmbeddedError> {
        let psql = |sql: &str, db: &str| {
            let mut cmd = self.command("psql");
            cmd.env("PGPASSWORD", &self.password)
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string()])
                .args([
                    "-U",
                    CLUSTER_SUPERUSER,
                    "-d",
                    db,
                    "-v",
                    "ON_ERROR_STOP=1",
                    "-tAc",
                    sql,
                ]);
            cmd.output().map_err(|e| EmbeddedError::Command {
                command: "psql".into(),
                detail: e.to_string(),
            })
        };
        let out = psql(
            &format!("SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"),
            "postgres",
        )?;
        if String::from_utf8_lossy(&out.stdout).trim() == "1" {
            return Ok(());
        }
        let out = psql(&format!("CREATE DATABASE {DATABASE_NAME}"), "postgres")?;
        if out.status.success() {
            Ok(())
        } else {
            Err(EmbeddedError::Command {
                command: "CREATE DATABASE".into(),
                detail: String::from_utf8_lossy(&out.stderr).into_owned(),
            })
        }
    }

    /// A command for one of the PostgreSQL binaries, run as the unprivileged user when needed.
    fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(self.bin_dir.join(program));
        if let Some(user) = &self.run_as {
            cmd.uid(user.uid)
                .gid(user.gid)
                .env("HOME", &self.cluster_dir);
        }
        cmd.env_remove("PGDATA").env("LC_ALL", "C");
        cmd
    }

    /// Gives the cluster directory to the unprivileged user (recursively), so PostgreSQL can own
    /// its files.
    fn hand_over(&self, dir: &Path) -> Result<(), EmbeddedError> {
        let Some(user) = &self.run_as else {
            return Ok(());
        };
        chown_recursive(dir, user.uid, user.gid)
    }
}

fn chown_recursive(path: &Path, uid: u32, gid: u32) -> Result<(), EmbeddedError> {
    std::os::unix::fs::chown(path, Some(uid), Some(gid)).map_err(io_err(path))?;
    if path.is_dir() {
        for entry in fs::read_dir(path).map_err(io_err(path))? {
            let entry = entry.map_err(io_err(path))?;
            chown_recursive(&entry.path(), uid, gid)?;
        }
    }
    Ok(())
}

fn run(mut cmd: Command, what: &str) -> Result<(), EmbeddedError> {
    let out = cmd.output().map_err(|e| EmbeddedError::Command {
        command: what.into(),
        detail: e.to_string(),
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(EmbeddedError::Command {
            command: what.into(),
            detail: format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        })
    }
}

/// Writes a file readable by its owner only.
fn write_private(path: &Path, contents: &str) -> Result<(), EmbeddedError> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(io_err(path))?;
    file.write_all(contents.as_bytes()).map_err(io_err(path))
}

use std::os::unix::fs::OpenOptionsExt as _;

/// The directories searched for PostgreSQL binaries, newest major version first.
fn candidate_bin_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for root in [
        "/usr/lib/postgresql",
        "/usr/pgsql",
        "/opt/homebrew/opt",
        "/usr/local/opt",
    ] {
        let Ok(entries) = fs::read_dir(root) else {
            continue;
        };
        let mut versioned: Vec<(u32, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let version = name
                    .trim_start_matches("postgresql@")
                    .trim_start_matches("postgresql")
                    .split('.')
                    .next()?
                    .parse()
                    .ok()?;
                Some((version, e.path().join("bin")))
            })
            .collect();
        versioned.sort_by_key(|entry| std::cmp::Reverse(entry.0));
        dirs.extend(versioned.into_iter().map(|(_, p)| p));
    }
    dirs.push(PathBuf::from("/usr/local/pgsql/bin"));
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    dirs
}

fn find_bin_dir() -> Result<PathBuf, EmbeddedError> {
    let candidates = candidate_bin_dirs();
    candidates
        .iter()
        .find(|dir| {
            ["initdb", "pg_ctl", "postgres"]
                .iter()
                .all(|bin| dir.join(bin).is_file())
        })
        .cloned()
        .ok_or_else(|| EmbeddedError::BinariesNotFound {
            searched: candidates
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

fn check_version(bin_dir: &Path) -> Result<(), EmbeddedError> {
    let out = Command::new(bin_dir.join("postgres"))
        .arg("--version")
        .output()
        .map_err(|e| EmbeddedError::Command {
            command: "postgres --version".into(),
            detail: e.to_string(),
        })?;
    // "postgres (PostgreSQL) 15.20 (Debian ...)"
    let text = String::from_utf8_lossy(&out.stdout);
    let major = text
        .split_whitespace()
        .nth(2)
        .and_then(|v| v.split('.').next())
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0);
    if major < 15 {
        return Err(EmbeddedError::TooOld {
            found: major,
            bin_dir: bin_dir.display().to_string(),
        });
    }
    Ok(())
}

fn running_as_root() -> bool {
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

fn lookup_os_user(name: &str) -> Result<OsUser, EmbeddedError> {
    let passwd = fs::read_to_string("/etc/passwd").map_err(io_err(Path::new("/etc/passwd")))?;
    passwd
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.len() >= 4 && fields[0] == name).then(|| OsUser {
                name: name.to_owned(),
                uid: fields[2].parse().unwrap_or(u32::MAX),
                gid: fields[3].parse().unwrap_or(u32::MAX),
            })
        })
        .find(|u| u.uid != u32::MAX)
        .ok_or_else(|| EmbeddedError::UnknownOsUser(name.to_owned()))
}

/// PostgreSQL running as `user` must be able to walk down to the cluster directory: every
/// ancestor needs the execute bit for "other" (or be owned by the user).
fn check_traversable(dir: &Path, user: &OsUser) -> Result<(), EmbeddedError> {
    let absolute = fs::canonicalize(dir).map_err(io_err(dir))?;
    for ancestor in absolute.ancestors().skip(1) {
        let meta = fs::metadata(ancestor).map_err(io_err(ancestor))?;
        let other_x = meta.mode() & 0o001 != 0;
        let owner_x = meta.uid() == user.uid && meta.mode() & 0o100 != 0;
        if !other_x && !owner_x {
            return Err(EmbeddedError::NotTraversable {
                user: user.name.clone(),
                path: absolute.display().to_string(),
            });
        }
    }
    Ok(())
}

fn free_port() -> Result<u16, EmbeddedError> {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").map_err(io_err(Path::new("127.0.0.1:0")))?;
    let port = listener
        .local_addr()
        .map_err(io_err(Path::new("127.0.0.1:0")))?
        .port();
    drop(listener);
    // Give the kernel a moment so the port is free for the server.
    std::thread::sleep(Duration::from_millis(10));
    Ok(port)
}

/// The default data directory: `/var/lib/vet-gateway` for root (a world-traversable place the
/// unprivileged PostgreSQL user can reach), otherwise `$XDG_DATA_HOME/vet-gateway` or
/// `~/.local/share/vet-gateway`.
pub fn default_data_dir() -> PathBuf {
    if running_as_root() {
        return PathBuf::from("/var/lib/vet-gateway");
    }
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME") {
        return PathBuf::from(xdg).join("vet-gateway");
    }
    match std::env::var_os("HOME") {
        Some(home) => PathBuf::from(home).join(".local/share/vet-gateway"),
        None => PathBuf::from(".vet-gateway"),
    }
}
