//! whk's own directory (`$WHK_HOME`, else the platform config dir): the
//! config file, the event store and user provider files live under it.

use std::path::PathBuf;

/// whk's own directory: `$WHK_HOME`, else `<config dir>/whk`.
pub fn home_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("WHK_HOME").filter(|v| !v.is_empty()) {
        return PathBuf::from(home);
    }
    dirs::config_dir()
        .or_else(dirs::home_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("whk")
}
