//! `assure serve`: a local web page for people who do not use a terminal. It checks uploaded
//! submissions and shows the HTML report, and it guides the filling-in of a submission, question
//! by question, with live findings. This is the only async code in assure (axum on a
//! single-threaded tokio runtime); every check runs on a blocking thread through the library,
//! which stays synchronous. It listens on 127.0.0.1 unless told otherwise, answers only requests
//! addressed to itself (the `Host` check stops DNS rebinding), requires a per-process token on
//! every POST, keeps uploads in memory only, and serves every asset from the binary.

/// Writes a line to standard error, escaped, as the other commands do.
macro_rules! say {
    ($($arg:tt)*) => {
        crate::cli::stderr_line(&format!($($arg)*))
    };
}

mod assets;
mod intake;
mod page;
mod questionnaire;
mod router;
mod security;
mod upload;

use crate::cli::{EXIT_ERROR, EXIT_OK, RuleOpts};
use assure::inputs::Size;
use assure::rules::RuleSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// `assure serve` options.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The port to listen on; 0 picks a free one. The address is printed either way.
    #[arg(long, default_value_t = 8484)]
    pub port: u16,
    /// Open the page in the default web browser once the server listens.
    #[arg(long)]
    pub open: bool,
    /// The address to listen on. Anything but a loopback address (127.0.0.1, ::1) also needs
    /// `--allow-remote`.
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Allow `--bind` to a non-loopback address, which lets other machines on the network
    /// reach the page and the submissions checked through it.
    #[arg(long)]
    pub allow_remote: bool,
    /// The largest upload accepted (all files of one check together, or one questionnaire
    /// check), e.g. `64MiB`.
    #[arg(long, value_name = "SIZE", default_value = "32MiB")]
    pub max_upload_size: Size,
    /// Evaluate dates as of this day (YYYY-MM-DD); defaults to the day of each check.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub rule_opts: RuleOpts,
}

/// What every request handler shares.
pub struct App {
    /// The rules, loaded once and kept for the life of the server (the reports it keeps
    /// borrow their words).
    pub set: &'static RuleSet,
    pub token: security::Token,
    pub hosts: security::Hosts,
    pub limit: usize,
    pub as_of: Option<jiff::civil::Date>,
    pub runs: upload::Runs,
    pub forms: questionnaire::Forms,
}

impl App {
    /// The date checks are evaluated as of.
    pub fn as_of(&self) -> jiff::civil::Date {
        self.as_of.unwrap_or_else(|| jiff::Zoned::now().date())
    }
}

/// Runs the server until the process is stopped; returns the exit code.
pub fn run(args: &ServeArgs) -> u8 {
    if !args.bind.is_loopback() && !args.allow_remote {
        say!(
            "error: `--bind {}` is not a loopback address: the page would be reachable from other machines; add `--allow-remote` if that is what you want",
            args.bind
        );
        return EXIT_ERROR;
    }
    let as_of = match args.as_of.as_deref().map(str::parse::<jiff::civil::Date>) {
        None => None,
        Some(Ok(d)) => Some(d),
        Some(Err(_)) => {
            say!(
                "error: `--as-of` is not a date; write it as YYYY-MM-DD, e.g. `--as-of 2026-11-01`"
            );
            return EXIT_ERROR;
        }
    };
    let set = match crate::cli::load(&args.rule_opts) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            say!("error: cannot start the web server: {e}");
            return EXIT_ERROR;
        }
    };
    let limit = usize::try_from(args.max_upload_size.0).unwrap_or(usize::MAX);
    runtime.block_on(listen(args, Box::leak(Box::new(set)), limit, as_of))
}

async fn listen(
    args: &ServeArgs,
    set: &'static RuleSet,
    limit: usize,
    as_of: Option<jiff::civil::Date>,
) -> u8 {
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            say!(
                "error: cannot listen on {addr}: {e}; choose another port with `--port`, or `--port 0` for any free one"
            );
            return EXIT_ERROR;
        }
    };
    let bound = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            say!("error: cannot read the address listened on: {e}");
            return EXIT_ERROR;
        }
    };
    let token = match security::Token::new() {
        Ok(t) => t,
        Err(e) => {
            say!("error: cannot make the page's security token: {e}");
            return EXIT_ERROR;
        }
    };
    let app = Arc::new(App {
        set,
        token,
        hosts: security::Hosts::for_addr(bound),
        limit,
        as_of,
        runs: upload::Runs::default(),
        forms: questionnaire::Forms::from_schema(),
    });
    let url = page_url(bound);
    announce(&url);
    if args.open {
        open_browser(&url);
    }
    match axum::serve(listener, router::routes(app)).await {
        Ok(()) => EXIT_OK,
        Err(e) => {
            say!("error: the web server stopped: {e}");
            EXIT_ERROR
        }
    }
}

/// Prints the address; a closed standard output (a launcher that reads the first line and
/// goes) must not stop the server.
fn announce(url: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "assure is serving on {url}");
    let _ = writeln!(
        out,
        "Open that address in your web browser. Press Ctrl+C here to stop."
    );
    let _ = out.flush();
}

/// The address to open: `localhost` for a loopback bind, so it reads like a web address.
fn page_url(bound: SocketAddr) -> String {
    match bound.ip() {
        IpAddr::V4(ip) if ip.is_loopback() => format!("http://127.0.0.1:{}/", bound.port()),
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", bound.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", bound.port()),
    }
}

/// Asks the desktop to open `url` in the default browser; says so when it cannot.
fn open_browser(url: &str) {
    let (command, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let spawned = std::process::Command::new(command)
        .args(args)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        say!("could not open a browser ({command}: {e}); open {url} yourself");
    }
}
