// SPDX-License-Identifier: MIT
// C++ names in a trace: namespaces, a class hierarchy with virtual methods, templates of templates,
// operators, a lambda, an anonymous namespace and an exception thrown through two frames.
// No standard-library templates: their instantiations vary with the libstdc++ version.
#define NOINLINE __attribute__((noinline))

volatile int sink;

namespace geo {

struct Vec2 {
	int x, y;
	NOINLINE Vec2 operator+(const Vec2 &o) const { return { x + o.x, y + o.y }; }
	NOINLINE bool operator<(const Vec2 &o) const { return x < o.x || (x == o.x && y < o.y); }
	NOINLINE int operator()(int k) const { return k * x + y; }
	NOINLINE Vec2 &operator<<=(int s) { x <<= s; y <<= s; return *this; }
};

class Shape {
public:
	virtual ~Shape() {}
	virtual int area() const = 0;
};

class Rect : public Shape {
	int w_, h_;

public:
	NOINLINE Rect(int w, int h) : w_(w), h_(h) {}
	NOINLINE int area() const override { return w_ * h_; }
};

template <typename T> struct Box {
	T v;
	NOINLINE T get() const { return v; }
};

template <typename T> NOINLINE T twice(T x) { return x + x; }

namespace {
NOINLINE int hidden(int x) { return x * 3; }
} // namespace

struct Bad {
	int code;
};

NOINLINE int check(int v)
{
	if (v < 0)
		throw Bad{ v };
	return v;
}

NOINLINE int guarded(int v)
{
	return check(v) + 1;
}

} // namespace geo

NOINLINE static int area_of(const geo::Shape &s) { return s.area(); }

int main()
{
	geo::Vec2 a{ 1, 2 }, b{ 3, 4 };
	geo::Vec2 c = a + b;
	c <<= 1;
	sink = a < b;
	geo::Rect r(2, 3);
	sink = area_of(r);
	geo::Box<geo::Box<int>> bb{ { 7 } };
	sink = bb.get().get();
	auto add = [&](int k) NOINLINE { return c(k) + geo::hidden(k); };
	sink = add(2);
	sink = geo::twice(21) + (int)geo::twice(1.5);
	try {
		sink = geo::guarded(-1);
	} catch (const geo::Bad &e) {
		sink = e.code;
	}
	return 0;
}
