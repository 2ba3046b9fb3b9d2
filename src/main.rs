//! Entry point of the browser app: installs the panic hook and mounts [`traffic_designer::App`].

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(traffic_designer::App);
}
