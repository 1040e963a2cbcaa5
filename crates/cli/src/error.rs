//! The CLI's one error type. Its only job is to pick the exit code: 2 for input the user can fix
//! (the message says what, where and what to do), 1 for everything else.

/// A failed command. The message is printed as is, after `tamiz: error: `.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user's input (file, flag, spec, data) is wrong: exit code 2.
    #[error("{0}")]
    BadInput(String),
    /// The command could not complete for another reason (I/O, a refused release): exit code 1.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::BadInput(_) => 2,
            CliError::Failed(_) => 1,
        }
    }
}
