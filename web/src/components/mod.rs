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

use std::rc::Rc;

use kata_annotations::Request;

/// The request as a panel selects it from the store: equal to the last one
/// when it is the same `Rc` or when `same` (what the panel reads of it)
/// holds, so an edit of anything else does not redraw the panel and
/// nothing is copied on a dispatch.
pub(crate) struct RequestPart {
    pub(crate) request: Rc<Request>,
    same: fn(&Request, &Request) -> bool,
}

impl RequestPart {
    pub(crate) fn new(request: &Rc<Request>, same: fn(&Request, &Request) -> bool) -> Self {
        Self {
            request: request.clone(),
            same,
        }
    }
}

impl PartialEq for RequestPart {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.request, &other.request) || (self.same)(&self.request, &other.request)
    }
}
