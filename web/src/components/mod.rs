//! The page's parts. Leaf components take typed props and report changes
//! through `Action` callbacks; none of them applies a rule itself.

pub mod catalog;
pub mod command_field;
pub mod editor;
pub mod imported_file;
pub mod init_data_editor;
pub mod kernel_cmdline;
pub mod outputs;
pub mod policy_unlocks;
pub mod problems;
pub mod row;
pub mod target_bar;
pub mod toolbar;
pub mod vm_size;
