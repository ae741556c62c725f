//! `cargo uniffi-bindgen generate …`: generates Kotlin, Swift and Python from the built
//! `kith-ffi` library, with exactly the uniffi version that built it.

fn main() {
    uniffi::uniffi_bindgen_main()
}
