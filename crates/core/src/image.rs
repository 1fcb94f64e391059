//! The image catalog: which images exist, how long they take to pull and start, and how their
//! containers behave once running.
//!
//! Every image and tag the seed tutorials use is here, plus a few common extras. An image that
//! is not in the catalog fails the way docker fails: the task is REJECTED with
//! `No such image: <ref>`. Stories and users can add images at run time.

use crate::time::SimDuration;

/// What a container of an image does once started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Behavior {
    /// Runs until stopped (servers: nginx, registry, ...).
    RunsForever,
    /// Exits on its own after `after`, with `code` (0 completes, anything else fails).
    Exits { after: SimDuration, code: i32 },
}

/// One image in the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSpec {
    /// Normalised reference, `name:tag`.
    pub reference: String,
    /// Time to pull the image (and create the container) on a node.
    pub pull: SimDuration,
    /// Time from `starting` to `running`.
    pub start: SimDuration,
    pub behavior: Behavior,
    /// Environment variables the container needs; without any of them it exits with code 1
    /// shortly after starting (mysql without `MYSQL_ROOT_PASSWORD`).
    pub require_env: Vec<String>,
    /// Whether the process ignores SIGTERM, so stopping it takes the whole stop grace period
    /// and ends in SIGKILL. PID 1 gets no default signal handlers, so a process that installs
    /// none ignores SIGTERM: busybox `ping` (seed 002's rolling update waits the full 10 s for
    /// each old task). Servers (nginx, mysql, redis, ...) handle it and exit within moments.
    pub ignores_sigterm: bool,
}

/// How long after starting a container that lacks a required variable exits.
pub const MISSING_ENV_EXIT_AFTER: SimDuration = SimDuration::from_millis(1500);

/// Known images, by normalised reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageCatalog {
    /// Sorted by reference, one image each: a dozen entries, looked up far more often than
    /// changed (and a vector is a fraction of a `BTreeMap`'s code in the page's wasm).
    images: Vec<ImageSpec>,
}

/// `nginx` → `nginx:latest`; `docker.io/library/nginx:1.25` → `nginx:1.25`. A digest is kept.
pub fn normalize(reference: &str) -> String {
    let trimmed = reference
        .strip_prefix("docker.io/library/")
        .or_else(|| reference.strip_prefix("library/"))
        .unwrap_or(reference);
    let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
    if last.contains(':') || last.contains('@') {
        trimmed.to_string()
    } else {
        format!("{trimmed}:latest")
    }
}

impl Default for ImageCatalog {
    fn default() -> ImageCatalog {
        let ms = SimDuration::from_millis;
        let server = |reference: &str, pull: u64, start: u64| ImageSpec {
            reference: reference.to_string(),
            pull: ms(pull),
            start: ms(start),
            behavior: Behavior::RunsForever,
            require_env: Vec::new(),
            ignores_sigterm: false,
        };
        let mut images = vec![
            server("nginx:latest", 2200, 400),
            server("nginx:1.24", 2100, 400),
            server("nginx:1.25", 2100, 400),
            server("nginx:1.12.2", 1900, 400),
            server("registry:latest", 1800, 500),
            server("redis:latest", 1900, 400),
            server("postgres:latest", 4200, 2500),
        ];
        // `alpine ping docker.com` runs until stopped; the command is the service's, and as
        // PID 1 it ignores SIGTERM.
        for (reference, pull, start) in
            [("alpine:latest", 900, 200), ("alpine:3.7", 800, 200), ("busybox:latest", 600, 150)]
        {
            images.push(ImageSpec { ignores_sigterm: true, ..server(reference, pull, start) });
        }
        for tag in ["5.6", "latest"] {
            images.push(ImageSpec {
                require_env: vec!["MYSQL_ROOT_PASSWORD".to_string()],
                ..server(&format!("mysql:{tag}"), 5200, 3000)
            });
        }
        let mut catalog = ImageCatalog { images: Vec::new() };
        for image in images {
            catalog.insert(image);
        }
        catalog
    }
}

impl ImageCatalog {
    /// The image a reference names, if the catalog has it.
    pub fn get(&self, reference: &str) -> Option<&ImageSpec> {
        let at = self.position(&normalize(reference)).ok()?;
        Some(&self.images[at])
    }

    /// Adds an image, or replaces the one with the same reference.
    pub fn insert(&mut self, mut image: ImageSpec) {
        image.reference = normalize(&image.reference);
        match self.position(&image.reference) {
            Ok(at) => self.images[at] = image,
            Err(at) => self.images.insert(at, image),
        }
    }

    /// The images, by reference.
    pub fn iter(&self) -> impl Iterator<Item = &ImageSpec> {
        self.images.iter()
    }

    /// Where the image `reference` (normalised) is, or would go.
    fn position(&self, reference: &str) -> Result<usize, usize> {
        self.images.binary_search_by(|image| image.reference.as_str().cmp(reference))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn references_normalise_like_docker() {
        assert_eq!(normalize("nginx"), "nginx:latest");
        assert_eq!(normalize("nginx:1.25"), "nginx:1.25");
        assert_eq!(normalize("docker.io/library/redis"), "redis:latest");
        assert_eq!(normalize("localhost:5000/app"), "localhost:5000/app:latest");
        assert_eq!(normalize("myapp:2"), "myapp:2");
    }

    #[test]
    fn seed_images_are_known_and_others_are_not() {
        let catalog = ImageCatalog::default();
        for r in ["nginx", "nginx:1.24", "alpine:3.7", "mysql:5.6", "postgres", "registry"] {
            assert!(catalog.get(r).is_some(), "{r}");
        }
        assert!(catalog.get("mysql:5.9").is_none());
        assert_eq!(catalog.get("mysql").unwrap().require_env, ["MYSQL_ROOT_PASSWORD"]);
    }
}
