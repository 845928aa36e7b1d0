//! Where the Redis store's keys live: one server, or a Redis Cluster whose slots are chosen by
//! hash tags. Owns the connection that speaks to either (`Conn`), the key names per
//! partition (`Layout`), the stream entry ids that name their partition, and `Batches`, which
//! splits a group of writes into one `MULTI` per slot (a single one on one server).

use std::collections::BTreeMap;

use futures_util::future::try_join_all;
use redis::aio::{ConnectionLike, ConnectionManager};
use redis::cluster_async::ClusterConnection;
use redis::{Cmd, Pipeline, RedisFuture, Value};

use crate::store::{Result, StoreError};

/// The tag of the slot that keeps the page configurations, their versions and the named sets.
const CONFIG_TAG: &str = "config";

/// A connection to one Redis server or to a Redis Cluster; cheap to clone, multiplexed.
#[derive(Clone)]
pub enum Conn {
    Single(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Single(conn) => conn.req_packed_command(cmd),
            Conn::Cluster(conn) => conn.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(conn) => conn.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(conn) => conn.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(conn) => conn.get_db(),
            Conn::Cluster(conn) => conn.get_db(),
        }
    }
}

/// The key names of one installation (its prefix) on one server or on a cluster.
#[derive(Debug, Clone)]
pub struct Layout {
    prefix: String,
    /// How many slots the per-page data and the work queues are spread over; `None` on one
    /// server, where keys carry no tags.
    partitions: Option<u16>,
}

impl Layout {
    pub fn single(prefix: &str) -> Self {
        Layout {
            prefix: prefix.to_owned(),
            partitions: None,
        }
    }

    /// Keys tagged for a cluster, per-page data spread over `partitions` slots (at least one).
    /// A prefix with braces would choose the slot itself, so it is refused.
    pub fn cluster(prefix: &str, partitions: u16) -> Result<Self> {
        if prefix.contains(['{', '}']) {
            return Err(StoreError::Invalid(format!(
                "key_prefix ({prefix:?}) must not contain '{{' or '}}' on a Redis Cluster: braces choose a key's slot"
            )));
        }
        Ok(Layout {
            prefix: prefix.to_owned(),
            partitions: Some(partitions.max(1)),
        })
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    pub fn is_cluster(&self) -> bool {
        self.partitions.is_some()
    }

    /// How many partitions (and worker lanes) there are: 1 on one server.
    pub fn partitions(&self) -> u16 {
        self.partitions.unwrap_or(1)
    }

    /// A key of its own slot: tokens, values, counters, one-time claims, the live channel.
    pub fn key(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.prefix)
    }

    /// A key in the configuration slot: pages, their versions, named sets.
    pub fn config_key(&self, suffix: &str) -> String {
        self.tagged(CONFIG_TAG, suffix)
    }

    /// A key in partition `part`: the work queues and the pages that hash there.
    pub fn part_key(&self, part: u16, suffix: &str) -> String {
        self.tagged(&format!("p{part}"), suffix)
    }

    /// A key of the page's partition (its conversations, queue, indexes, figures).
    pub fn page_key(&self, page_id: &str, suffix: &str) -> String {
        self.part_key(self.partition_of(page_id), suffix)
    }

    fn tagged(&self, tag: &str, suffix: &str) -> String {
        match self.partitions {
            Some(_) => format!("{}{{{tag}}}{suffix}", self.prefix),
            None => self.key(suffix),
        }
    }

    /// The partition of a page: FNV-1a of its id, so every instance and version agrees.
    pub fn partition_of(&self, page_id: &str) -> u16 {
        let Some(partitions) = self.partitions else {
            return 0;
        };
        let hash = page_id
            .bytes()
            .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
            });
        u16::try_from(hash % u64::from(partitions)).unwrap_or(0)
    }

    /// The id a claimed stream entry is known by: on a cluster it names its partition.
    pub fn entry_id(&self, part: u16, stream_id: &str) -> String {
        match self.partitions {
            Some(_) => format!("{part}/{stream_id}"),
            None => stream_id.to_owned(),
        }
    }

    /// The partition and stream id behind an entry id from `entry_id`.
    pub fn parse_entry<'a>(&self, entry_id: &'a str) -> Result<(u16, &'a str)> {
        let Some(partitions) = self.partitions else {
            return Ok((0, entry_id));
        };
        entry_id
            .split_once('/')
            .and_then(|(part, id)| Some((part.parse::<u16>().ok()?, id)))
            .filter(|(part, _)| *part < partitions)
            .ok_or_else(|| StoreError::Invalid(format!("not an entry id here: {entry_id:?}")))
    }

    /// The slot a key hashes by: its `{tag}` on a cluster (the key itself without one), and
    /// the same for every key on one server.
    pub fn slot_of<'a>(&self, key: &'a str) -> &'a str {
        if self.partitions.is_none() {
            return "";
        }
        key.split_once('{')
            .and_then(|(_, rest)| rest.split_once('}'))
            .map(|(tag, _)| tag)
            .filter(|tag| !tag.is_empty())
            .unwrap_or(key)
    }
}

/// Writes grouped by slot, each group one `MULTI`: on one server everything is a single
/// transaction, on a cluster each slot's part is atomic on its own.
pub struct Batches<'a> {
    layout: &'a Layout,
    pipes: BTreeMap<String, Pipeline>,
}

impl<'a> Batches<'a> {
    pub fn new(layout: &'a Layout) -> Self {
        Batches {
            layout,
            pipes: BTreeMap::new(),
        }
    }

    /// The transaction of `key`'s slot, to add commands on `key` (and keys of its slot) to.
    pub fn on(&mut self, key: &str) -> &mut Pipeline {
        self.pipes
            .entry(self.layout.slot_of(key).to_owned())
            .or_insert_with(|| {
                let mut pipe = redis::pipe();
                pipe.atomic();
                pipe
            })
    }

    /// Runs every slot's transaction, at once; the commands' replies are ignored.
    pub async fn run(self, conn: &Conn) -> Result<()> {
        try_join_all(self.pipes.into_values().map(|pipe| {
            let mut conn = conn.clone();
            async move { pipe.query_async::<()>(&mut conn).await }
        }))
        .await?;
        Ok(())
    }
}

/// The addresses of a cluster's masters, from `CLUSTER NODES` (`host:port@bus` of every line
/// flagged `master` and not failing). A lone node that never met another one does not know its
/// own address (`:port@bus`): `None` stands for it, the node that answered.
pub fn masters(nodes: &str) -> Vec<Option<(String, u16)>> {
    nodes
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let flags = fields.get(2)?;
            if !flags.split(',').any(|f| f == "master") || flags.contains("fail") {
                return None;
            }
            let address = fields.get(1)?.split('@').next()?;
            let (host, port) = address.rsplit_once(':')?;
            if host.is_empty() {
                return Some(None);
            }
            Some(Some((host.to_owned(), port.parse().ok()?)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_server_keys_carry_no_tags() {
        let layout = Layout::single("fd:");
        assert_eq!(layout.page_key("123", "queue:123"), "fd:queue:123");
        assert_eq!(layout.config_key("pages"), "fd:pages");
        assert_eq!(layout.entry_id(0, "1-0"), "1-0");
        assert_eq!(layout.parse_entry("1-0").ok(), Some((0, "1-0")));
        assert_eq!(layout.partitions(), 1);
    }

    #[test]
    fn cluster_keys_of_a_page_share_its_partitions_tag() {
        let layout = Layout::cluster("fd:", 16).expect("valid");
        let part = layout.partition_of("104857600123456");
        assert!(part < 16);
        assert_eq!(
            layout.page_key("104857600123456", "queue:104857600123456"),
            format!("fd:{{p{part}}}queue:104857600123456")
        );
        assert_eq!(layout.config_key("pages"), "fd:{config}pages");
        assert_eq!(layout.key("once:x"), "fd:once:x");
        // Spread: 1 000 pages land in every partition.
        let used: std::collections::BTreeSet<u16> = (0..1000)
            .map(|n| layout.partition_of(&n.to_string()))
            .collect();
        assert_eq!(used.len(), 16);
    }

    #[test]
    fn cluster_entry_ids_name_their_partition_and_nonsense_is_refused() {
        let layout = Layout::cluster("fd:", 4).expect("valid");
        let id = layout.entry_id(3, "1700000000000-0");
        assert_eq!(id, "3/1700000000000-0");
        assert_eq!(layout.parse_entry(&id).ok(), Some((3, "1700000000000-0")));
        for bad in ["1700000000000-0", "4/1-0", "x/1-0", "/1-0", "70000/1-0"] {
            assert!(layout.parse_entry(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_prefix_with_braces_is_refused_on_a_cluster() {
        assert!(Layout::cluster("fd{x}:", 4).is_err());
        assert!(Layout::cluster("fd:", 4).is_ok());
    }

    #[test]
    fn batches_split_by_slot_only_on_a_cluster() {
        let single = Layout::single("fd:");
        let mut batches = Batches::new(&single);
        batches.on("fd:a").set("fd:a", 1);
        batches.on("fd:b").set("fd:b", 1);
        assert_eq!(batches.pipes.len(), 1);
        let cluster = Layout::cluster("fd:", 4).expect("valid");
        let mut batches = Batches::new(&cluster);
        for key in ["fd:{p1}a", "fd:{p1}b", "fd:{p2}a", "fd:once:x", "fd:once:y"] {
            batches.on(key).set(key, 1);
        }
        assert_eq!(batches.pipes.len(), 4);
    }

    #[test]
    fn masters_are_read_off_cluster_nodes() {
        let nodes = "\
07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,hostname4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002,hostname2 master - 0 1426238316232 2 connected 5461-10922
e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001,hostname1 myself,master - 0 0 1 connected 0-5460
6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005,hostname5 master,fail - 0 1426238316232 5 connected
";
        assert_eq!(
            masters(nodes),
            [
                Some(("127.0.0.1".to_owned(), 30002)),
                Some(("127.0.0.1".to_owned(), 30001))
            ]
        );
        let alone = "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca :30001@40001 myself,master - 0 0 0 connected 0-16383\n";
        assert_eq!(masters(alone), [None]);
    }
}
