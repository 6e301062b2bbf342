-- SPDX-License-Identifier: MIT
-- The real-program workload's input: a Lua 5.4 script that exercises the interpreter's parser, tables,
-- strings, metamethods, coroutines, errors and garbage collector, so that its trace has deep and
-- varied C call paths. usage: lua real.lua [SCALE [longjmp]]   (SCALE 1 = about 5M traced C calls)
--
-- Everything is deterministic (no pairs() order, no clock, no random seed from the time): with the
-- same interpreter both tracers see the same program and print the same checksum.

local scale = tonumber(arg and arg[1]) or 1
local sum = 0
local function mix(x) sum = (sum * 31 + x) % 2147483647 end

-- 1. The compiler: generate source text with nested expressions, loops and closures and load() it:
-- the recursive-descent parser (statement, expr, subexpr, simpleexp...) nests deeply in C.
local function gen_expr(depth, k)
	if depth == 0 then return tostring(k % 7 + 1) end
	local a, b = gen_expr(depth - 1, k * 3 + 1), gen_expr(depth - 1, k * 5 + 2)
	local ops = { "+", "-", "*", "//", "%" }
	local op = ops[k % #ops + 1]
	if op == "//" or op == "%" then b = "(" .. b .. ")*0+" .. (k % 5 + 1) end
	return "(" .. a .. " " .. op .. " " .. b .. ")"
end

local function gen_chunk(i)
	local parts = { "local t = {} local acc = 0" }
	for j = 1, 6 do
		parts[#parts + 1] = string.format(
			"for i = 1, %d do local f = function(x) return x + %s end t[#t + 1] = f(i) acc = acc + t[#t] end",
			j + 2, gen_expr(4, i + j))
	end
	parts[#parts + 1] = "if acc > 0 then return acc elseif acc < 0 then return -acc else return 0 end"
	return table.concat(parts, "\n")
end

local function compile_phase(n)
	for i = 1, n do
		local f = assert(load(gen_chunk(i), "=gen" .. i))
		mix(f() % 1000003)
	end
end

-- 2. A JSON-like encoder and decoder written in Lua: string.format, string.byte, string.find
-- with patterns, table.concat, many small tables.
local encode
local function encode_string(s)
	return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

encode = function(v, out)
	local t = type(v)
	if t == "table" then
		if #v > 0 then
			out[#out + 1] = "["
			for i = 1, #v do
				if i > 1 then out[#out + 1] = "," end
				encode(v[i], out)
			end
			out[#out + 1] = "]"
		else
			local keys = {}
			for k in pairs(v) do keys[#keys + 1] = k end
			table.sort(keys)
			out[#out + 1] = "{"
			for i, k in ipairs(keys) do
				if i > 1 then out[#out + 1] = "," end
				out[#out + 1] = encode_string(k) .. ":"
				encode(v[k], out)
			end
			out[#out + 1] = "}"
		end
	elseif t == "string" then
		out[#out + 1] = encode_string(v)
	else
		out[#out + 1] = string.format("%.14g", v)
	end
end

local function decode(s)
	local pos = 1
	local value
	local function skip() pos = s:find("[^ \n\t]", pos) or #s + 1 end
	local function str()
		local stop = s:find('"', pos + 1, true)
		local raw = s:sub(pos + 1, stop - 1)
		pos = stop + 1
		return (raw:gsub("\\u(%x%x%x%x)", function(h) return string.char(tonumber(h, 16)) end))
	end
	value = function()
		skip()
		local c = s:sub(pos, pos)
		if c == "{" then
			local o = {}
			pos = pos + 1
			skip()
			if s:sub(pos, pos) == "}" then pos = pos + 1 return o end
			repeat
				skip()
				local k = str()
				skip()
				pos = pos + 1 -- ':'
				o[k] = value()
				skip()
				c = s:sub(pos, pos)
				pos = pos + 1
			until c == "}"
			return o
		elseif c == "[" then
			local a = {}
			pos = pos + 1
			repeat
				a[#a + 1] = value()
				skip()
				c = s:sub(pos, pos)
				pos = pos + 1
			until c == "]"
			return a
		elseif c == '"' then
			return str()
		else
			local num = s:match("^-?[%d.eE+-]+", pos)
			pos = pos + #num
			return tonumber(num)
		end
	end
	return value()
end

local function make_doc(i, depth)
	if depth == 0 then return { name = "leaf\t" .. i, n = i * 1.5, tags = { "a", "b" .. i } } end
	local kids = {}
	for j = 1, 3 do kids[j] = make_doc(i * 3 + j, depth - 1) end
	return { id = i, kind = "node", kids = kids, meta = { depth = depth, label = "n" .. i } }
end

local function json_phase(n)
	for i = 1, n do
		local out = {}
		encode(make_doc(i, 4), out)
		local text = table.concat(out)
		local back = decode(text)
		mix(#text + back.kids[2].meta.depth)
	end
end

-- 3. Metamethods: a vector type whose arithmetic, comparison and concatenation are Lua functions
-- called from the VM's C code (luaT_trybinTM -> luaD_call -> luaV_execute), sorted by table.sort
-- with __lt (auxsort recursing in C, each comparison a call back into Lua).
local Vec = {}
Vec.__index = Vec
local function vec(x, y) return setmetatable({ x = x, y = y }, Vec) end
Vec.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
Vec.__mul = function(a, k) return vec(a.x * k, a.y * k) end
Vec.__lt = function(a, b) return a:len2() < b:len2() or (a:len2() == b:len2() and a.x < b.x) end
Vec.__concat = function(a, b) return tostring(a) .. tostring(b) end
Vec.__tostring = function(a) return string.format("(%d,%d)", a.x, a.y) end
function Vec:len2() return self.x * self.x + self.y * self.y end

local function vector_phase(n)
	for i = 1, n do
		local vs = {}
		for j = 1, 60 do vs[j] = vec((j * 7919 + i) % 101 - 50, (j * 104729 + i) % 89 - 44) * 2 end
		table.sort(vs)
		local acc = vec(0, 0)
		for j = 1, #vs do acc = acc + vs[j] end
		mix(#(vs[1] .. vs[#vs]) + acc.x)
	end
end

-- 4. Protected calls that nest: each level is a pcall (C) calling Lua calling pcall... With the
-- argument "longjmp", every few levels an error unwinds through luaD_throw (a longjmp) to the nearest
-- pcall, and phase 5's coroutines run too (a yield from Lua 5.4's coroutine.yield is a longjmp as well).
local longjmp = arg and arg[2] == "longjmp"
local function descend(d, limit)
	if d == limit then
		if longjmp and d % 3 == 0 then error({ depth = d }) end
		return d
	end
	local ok, r = pcall(descend, d + 1, limit)
	if not ok then return r.depth + d end
	return r + 1
end

local function error_phase(n)
	for i = 1, n do mix(descend(0, 8 + i % 12)) end
end

-- 5. Inheritance through __index functions: a lookup that misses walks up eight classes, each step a
-- metamethod call from the VM's C code back into Lua (luaV_finishget -> luaT_callTMres -> luaD_call).
local function class(parent, name)
	local c = { name = name }
	c.__index = function(obj, k)
		local v = rawget(c, k)
		if v ~= nil then return v end
		return parent and parent.__index(obj, k)
	end
	return c
end

local classes = {}
local function inherit_phase(n)
	if #classes == 0 then
		local parent
		for i = 1, 8 do
			parent = class(parent, "c" .. i)
			parent["m" .. i] = function(self, x) return x + i + self.base end
			classes[i] = parent
		end
	end
	local leaf = classes[#classes]
	for i = 1, n do
		local obj = setmetatable({}, leaf)
		obj.base = i % 17
		mix(obj:m1(i) + obj:m4(i) + obj:m8(i) + #obj.name)
	end
end

-- coroutines: generators resumed from Lua, yielding from nested Lua calls (only with "longjmp")
local function walk(t)
	if type(t) == "table" then
		for i = 1, #t do walk(t[i]) end
	else
		coroutine.yield(t)
	end
end

local function coroutine_phase(n)
	if not longjmp then return end
	local tree = {}
	for i = 1, 8 do tree[i] = { i, { i * 2, { i * 3, i * 4 } }, i * 5 } end
	for _ = 1, n do
		for v in coroutine.wrap(function() walk(tree) end) do mix(v) end
	end
end

-- 6. Strings: gsub with a function and a table, gmatch, upper, rep, byte/char round trips.
local words = {}
for w in ("the quick brown fox jumps over the lazy dog while seven wizards quietly hex " ..
	"jolly zebras and five boxing wizards jump"):gmatch("%a+") do words[#words + 1] = w end

local function string_phase(n)
	for i = 1, n do
		local s = table.concat(words, " ", 1, 5 + i % (#words - 5))
		local counts = {}
		for w in s:gmatch("%a+") do counts[w] = (counts[w] or 0) + 1 end
		local caps = s:gsub("(%a)(%a*)", function(a, b) return a:upper() .. b end)
		local r = caps:rep(3, "|"):gsub("%u", { T = "t", Q = "q" })
		mix(#r + (counts.the or 0) + r:byte(i % #r + 1))
	end
end

local phases = {
	{ compile_phase, 12 }, { json_phase, 8 }, { vector_phase, 12 },
	{ error_phase, 120 }, { inherit_phase, 1500 }, { coroutine_phase, 80 }, { string_phase, 300 },
}
for round = 1, scale do
	for _, p in ipairs(phases) do p[1](p[2]) end
	mix(round)
end
print(string.format("real.lua: scale %d, checksum %d", scale, sum))
