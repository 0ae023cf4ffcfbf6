/*
 * The AVL tree of a map's entries, keyed by start address.  Entries never
 * overlap, so start is unique and the tree's order is the list's order.
 * Insert and remove are recursive: an AVL tree of n entries is at most
 * about 1.44 log2(n) deep, so the kernel stack is safe.
 */
#include "kern/panic.h"
#include "vm/vm_map_impl.h"

static int
height(const struct vm_map_entry *e)
{
	return e ? e->height : 0;
}

static void
update(struct vm_map_entry *e)
{
	e->height = 1 + MAX(height(e->left), height(e->right));
}

static struct vm_map_entry *
rotate_right(struct vm_map_entry *e)
{
	struct vm_map_entry *l = e->left;

	e->left = l->right;
	l->right = e;
	update(e);
	update(l);
	return l;
}

static struct vm_map_entry *
rotate_left(struct vm_map_entry *e)
{
	struct vm_map_entry *r = e->right;

	e->right = r->left;
	r->left = e;
	update(e);
	update(r);
	return r;
}

/* Restore the AVL balance at e after one of its subtrees changed by 1. */
static struct vm_map_entry *
rebalance(struct vm_map_entry *e)
{
	int balance = height(e->left) - height(e->right);

	update(e);
	if (balance > 1) {
		if (height(e->left->left) < height(e->left->right))
			e->left = rotate_left(e->left);
		return rotate_right(e);
	}
	if (balance < -1) {
		if (height(e->right->right) < height(e->right->left))
			e->right = rotate_right(e->right);
		return rotate_left(e);
	}
	return e;
}

static struct vm_map_entry *
insert(struct vm_map_entry *root, struct vm_map_entry *e)
{
	if (!root)
		return e;
	assert(e->start != root->start);
	if (e->start < root->start)
		root->left = insert(root->left, e);
	else
		root->right = insert(root->right, e);
	return rebalance(root);
}

void
vm_map_tree_insert(struct vm_map *map, struct vm_map_entry *e)
{
	e->left = e->right = NULL;
	e->height = 1;
	map->root = insert(map->root, e);
}

/* Detach the smallest entry of a subtree into *min. */
static struct vm_map_entry *
remove_min(struct vm_map_entry *root, struct vm_map_entry **min)
{
	if (!root->left) {
		*min = root;
		return root->right;
	}
	root->left = remove_min(root->left, min);
	return rebalance(root);
}

static struct vm_map_entry *
remove(struct vm_map_entry *root, struct vm_map_entry *e)
{
	struct vm_map_entry *succ;

	assert(root != NULL);
	if (e->start < root->start) {
		root->left = remove(root->left, e);
	} else if (e->start > root->start) {
		root->right = remove(root->right, e);
	} else {
		assert(root == e);
		if (!e->left || !e->right)
			return e->left ? e->left : e->right;
		e->right = remove_min(e->right, &succ);
		succ->left = e->left;
		succ->right = e->right;
		return rebalance(succ);
	}
	return rebalance(root);
}

void
vm_map_tree_remove(struct vm_map *map, struct vm_map_entry *e)
{
	map->root = remove(map->root, e);
}

struct vm_map_entry *
vm_map_tree_floor(const struct vm_map *map, vm_address_t addr)
{
	struct vm_map_entry *best = NULL;

	for (struct vm_map_entry *n = map->root; n;) {
		if (n->start <= addr) {
			best = n;
			n = n->right;
		} else {
			n = n->left;
		}
	}
	return best;
}

int
vm_map_tree_height(const struct vm_map *map)
{
	return height(map->root);
}
